//! Delimited text at the byte level: splitting a file into records of fields (double-quoted
//! fields may hold delimiters, doubled quotes and line breaks) and writing cells back with
//! the same quoting.

/// Splits `text` into records. Line ends are `\n` or `\r\n`; an empty line is skipped as
/// DolphinDB skips blank lines. `delim` may be several characters long.
pub fn records(text: &str, delim: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    // Whether the current field started with a quote (then only a closing quote ends it).
    let mut in_quotes = false;
    let bytes = text.as_bytes();
    let d = delim.as_bytes();
    let mut i = 0;
    let mut field_start = true;
    while i < bytes.len() {
        if in_quotes {
            if bytes[i] == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    field.push('"');
                    i += 2;
                } else {
                    in_quotes = false;
                    i += 1;
                }
                continue;
            }
            let ch = next_char(text, i);
            field.push(ch);
            i += ch.len_utf8();
            continue;
        }
        if field_start && bytes[i] == b'"' {
            in_quotes = true;
            quoted = true;
            field_start = false;
            i += 1;
            continue;
        }
        if !d.is_empty() && bytes[i..].starts_with(d) {
            fields.push(std::mem::take(&mut field));
            quoted = false;
            field_start = true;
            i += d.len();
            continue;
        }
        if bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
            i += if bytes[i] == b'\r' { 2 } else { 1 };
            if !(fields.is_empty() && field.is_empty() && !quoted) {
                fields.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut fields));
            }
            quoted = false;
            field_start = true;
            continue;
        }
        let ch = next_char(text, i);
        field.push(ch);
        field_start = false;
        i += ch.len_utf8();
    }
    if !(fields.is_empty() && field.is_empty() && !quoted) {
        fields.push(field);
        out.push(fields);
    }
    out
}

fn next_char(text: &str, i: usize) -> char {
    text[i..]
        .chars()
        .next()
        .expect("i is a char boundary inside the text")
}

/// A cell as written by `saveText`: quoted (with inner quotes doubled) only when it holds
/// the delimiter, a quote, a line break, or leading/trailing spaces that a reader would trim.
pub fn quote_cell(s: &str, delim: &str) -> String {
    let needs = (!delim.is_empty() && s.contains(delim))
        || s.contains(['"', '\n', '\r'])
        || s.starts_with(' ')
        || s.ends_with(' ');
    if needs {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_keep_delimiters_quotes_and_newlines() {
        let r = records("a,b\n\"x,1\",\"say \"\"hi\"\"\"\n\"two\nlines\",3\n", ",");
        assert_eq!(
            r,
            vec![
                vec!["a", "b"],
                vec!["x,1", "say \"hi\""],
                vec!["two\nlines", "3"]
            ]
        );
    }

    #[test]
    fn crlf_blank_lines_and_multichar_delimiters() {
        let r = records("a||b\r\n\r\n1||\r\n", "||");
        assert_eq!(r, vec![vec!["a", "b"], vec!["1", ""]]);
        assert_eq!(records("", ","), Vec::<Vec<String>>::new());
    }

    #[test]
    fn quoting_round_trips() {
        for s in ["plain", "a,b", "say \"hi\"", "two\nlines", " pad"] {
            let line = quote_cell(s, ",");
            assert_eq!(records(&line, ","), vec![vec![s.to_string()]]);
        }
    }
}
