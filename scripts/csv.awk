# CSV helpers shared by every script (load with `awk -f scripts/csv.awk -f ...`): RFC 4180
# splitting of one record and quoting of one cell. Records never span lines: forkbench writes no
# line breaks inside cells, so a quote left open at the end of a line is an error, not a join.

# Splits line into f[1..n]; returns n, or -1 when the record is malformed (an unterminated
# quote, text after a closing quote, a quote inside an unquoted cell). A final CR is dropped.
function csv_split(line, f,    n, i, len, c, cell, quoted)
{
	sub(/\r$/, "", line)
	for (i in f)
		delete f[i]
	n = 0
	i = 1
	len = length(line)
	for (;;) {
		cell = ""
		if (substr(line, i, 1) == "\"") {
			quoted = 1
			for (i++; ; i++) {
				if (i > len)
					return -1
				c = substr(line, i, 1)
				if (c == "\"") {
					if (substr(line, i + 1, 1) != "\"")
						break
					i++
				}
				cell = cell c
			}
			i++
			c = substr(line, i, 1)
			if (c != "," && i <= len)
				return -1
		} else {
			quoted = 0
			for (; i <= len; i++) {
				c = substr(line, i, 1)
				if (c == ",")
					break
				if (c == "\"")
					return -1
				cell = cell c
			}
		}
		f[++n] = cell
		if (i > len)
			return n
		i++ # the comma
	}
}

# One cell as RFC 4180 wants it: quoted (quotes doubled) only when it holds , " CR or LF.
function csv_quote(s)
{
	if (s !~ /[,"\r\n]/)
		return s
	gsub(/"/, "\"\"", s)
	return "\"" s "\""
}
