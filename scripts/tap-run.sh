#!/bin/sh
# prove's interpreter: runs one test file and makes it speak TAP.
# Check binaries write TAP to stdout when CK_TAP_LOG_FILE_NAME is "-"; bats files run under bats --tap.
case "$1" in
*.bats) exec bats --tap "$1" ;;
*) CK_TAP_LOG_FILE_NAME=- CK_VERBOSITY=silent exec "$1" ;;
esac
