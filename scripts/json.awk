# Flattens one JSON document (meta.json, hyperfine's export) into "path<TAB>value" lines:
# {"kernel":{"release":"6.1"},"events":[{"name":"x"}]} gives "kernel.release	6.1" and
# "events.0.name	x". Strings are unescaped except \uXXXX (kept as written); null prints as an
# empty value. It trusts its input's structure (a writer we know); on a syntax error it prints
# "json.awk: FILE: ..." to stderr and exits 2, so scripts never act on half a document.

function jerr(msg)
{
	printf "json.awk: %s: %s\n", FILENAME, msg > "/dev/stderr"
	failed = 1
	exit 2
}

function skip_ws()
{
	while (pos <= len && substr(doc, pos, 1) ~ /[ \t\r\n]/)
		pos++
}

function parse_string(    out, c, e)
{
	out = ""
	pos++ # opening quote
	for (;;) {
		if (pos > len)
			jerr("unterminated string")
		c = substr(doc, pos, 1)
		if (c == "\"") {
			pos++
			return out
		}
		if (c == "\\") {
			e = substr(doc, pos + 1, 1)
			pos += 2
			if (e == "n")
				out = out "\n"
			else if (e == "t")
				out = out "\t"
			else if (e == "r")
				out = out "\r"
			else if (e == "b" || e == "f")
				out = out " "
			else if (e == "u") {
				out = out "\\u" substr(doc, pos, 4)
				pos += 4
			} else
				out = out e
			continue
		}
		out = out c
		pos++
	}
}

function emit(path, value)
{
	# Tabs and newlines inside a value would break the line format.
	gsub(/[\t\n\r]/, " ", value)
	print path "\t" value
}

function parse_value(path,    c, key, i, start)
{
	skip_ws()
	c = substr(doc, pos, 1)
	if (c == "{") {
		pos++
		skip_ws()
		if (substr(doc, pos, 1) == "}") {
			pos++
			return
		}
		for (;;) {
			skip_ws()
			if (substr(doc, pos, 1) != "\"")
				jerr("expected a key at offset " pos)
			key = parse_string()
			skip_ws()
			if (substr(doc, pos, 1) != ":")
				jerr("expected ':' at offset " pos)
			pos++
			parse_value(path == "" ? key : path "." key)
			skip_ws()
			c = substr(doc, pos, 1)
			pos++
			if (c == "}")
				return
			if (c != ",")
				jerr("expected ',' or '}' at offset " (pos - 1))
		}
	}
	if (c == "[") {
		pos++
		skip_ws()
		if (substr(doc, pos, 1) == "]") {
			pos++
			return
		}
		for (i = 0; ; i++) {
			parse_value(path == "" ? i : path "." i)
			skip_ws()
			c = substr(doc, pos, 1)
			pos++
			if (c == "]")
				return
			if (c != ",")
				jerr("expected ',' or ']' at offset " (pos - 1))
		}
	}
	if (c == "\"") {
		emit(path, parse_string())
		return
	}
	start = pos
	while (pos <= len && substr(doc, pos, 1) ~ /[-+.0-9a-zA-Z]/)
		pos++
	if (pos == start)
		jerr("unexpected '" c "' at offset " pos)
	c = substr(doc, start, pos - start)
	if (c == "null")
		c = ""
	else if (c != "true" && c != "false" && c !~ /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/)
		jerr("bad literal '" c "' at offset " start)
	emit(path, c)
}

{
	doc = doc $0 "\n"
}

END {
	if (failed)
		exit 2
	len = length(doc)
	pos = 1
	skip_ws()
	if (pos > len)
		jerr("empty document")
	parse_value("")
	skip_ws()
	if (pos <= len)
		jerr("text after the document at offset " pos)
}
