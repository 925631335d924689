//! The span of every node of a JSON text, by JSON pointer, in one pass over the bytes. The YAML
//! reader can do the same for JSON, but this is many times faster, and positions are wanted for any
//! diagnostic of a large JSON spec.

use super::yaml::{Positions, Span};
use crate::pointer::Pointer;

enum Frame {
    Object { pointer: Pointer, key: Option<String>, start: (usize, usize) },
    Array { pointer: Pointer, index: usize, start: (usize, usize) },
}

/// The span (1-based lines, columns in characters) of every value. Stops quietly at malformed input
/// (the text has already been parsed, so that only happens if it was not JSON at all).
pub fn positions(text: &str) -> Positions {
    let bytes = text.as_bytes();
    let mut out = Positions::new();
    let mut stack: Vec<Frame> = Vec::new();
    let (mut i, mut line) = (0usize, 1usize);
    // The byte and the 1-based column (in characters) last counted to, on the current line: columns
    // are counted on from there, as the scan only moves forward.
    let mut counted = (0usize, 1usize);
    let at = |i: usize, line: usize, counted: &mut (usize, usize)| {
        let column = counted.1 + text.get(counted.0..i).map_or(0, |s| s.chars().count());
        *counted = (i, column);
        (line, column)
    };
    // Where the next value goes, or None if the next string is an object key.
    let next_pointer = |stack: &[Frame]| -> Option<Pointer> {
        match stack.last() {
            None => Some(Pointer::root()),
            Some(Frame::Object { key: Some(k), pointer, .. }) => Some(pointer.child(k)),
            Some(Frame::Object { key: None, .. }) => None,
            Some(Frame::Array { pointer, index, .. }) => Some(pointer.child(index)),
        }
    };
    // A value ended: the object waits for its next key, the array moves on.
    let value_done = |stack: &mut Vec<Frame>| match stack.last_mut() {
        Some(Frame::Object { key, .. }) => *key = None,
        Some(Frame::Array { index, .. }) => *index += 1,
        None => {}
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line += 1;
                i += 1;
                counted = (i, 1);
            }
            b' ' | b'\t' | b'\r' | b',' | b':' => i += 1,
            b'{' | b'[' => {
                let Some(pointer) = next_pointer(&stack) else { return out };
                let start = at(i, line, &mut counted);
                stack.push(if bytes[i] == b'{' {
                    Frame::Object { pointer, key: None, start }
                } else {
                    Frame::Array { pointer, index: 0, start }
                });
                i += 1;
            }
            b'}' | b']' => {
                i += 1;
                let end = at(i, line, &mut counted);
                let Some(Frame::Object { pointer, start, .. } | Frame::Array { pointer, start, .. }) = stack.pop()
                else {
                    return out;
                };
                out.insert(pointer, Span { start, end });
                value_done(&mut stack);
            }
            b'"' => {
                let start = at(i, line, &mut counted);
                let Some((s, end)) = read_string(text, i) else { return out };
                i = end;
                match next_pointer(&stack) {
                    Some(pointer) => {
                        out.insert(pointer, Span { start, end: at(i, line, &mut counted) });
                        value_done(&mut stack);
                    }
                    None => {
                        if let Some(Frame::Object { key, .. }) = stack.last_mut() {
                            *key = Some(s);
                        }
                    }
                }
            }
            _ => {
                // A number, true, false or null.
                let Some(pointer) = next_pointer(&stack) else { return out };
                let start = at(i, line, &mut counted);
                while i < bytes.len() && !matches!(bytes[i], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                    i += 1;
                }
                out.insert(pointer, Span { start, end: at(i, line, &mut counted) });
                value_done(&mut stack);
            }
        }
    }
    out
}

/// The string starting at the quote at `start`, unescaped, and the index after its closing quote.
fn read_string(text: &str, start: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    let mut plain = true;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => break,
            b'\\' => {
                plain = false;
                i += 2;
            }
            _ => i += 1,
        }
    }
    let raw = text.get(start..=i)?;
    let value = if plain { raw[1..raw.len() - 1].to_string() } else { serde_json::from_str::<String>(raw).ok()? };
    Some((value, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_yaml_reader() {
        let text = "{\n  \"a\": [1, {\"b/c\": \"x\"}, true],\n  \"k\\\"ey\": {\"é\": null, \"n\": -1.5e3}\n}";
        let ours = positions(text);
        let (_, yaml) = crate::load::yaml::parse(text, true).unwrap();
        assert_eq!(ours, yaml);
        assert_eq!(ours["/a/1/b~1c"], Span { start: (2, 20), end: (2, 23) });
        assert_eq!(ours["/a/1"], Span { start: (2, 12), end: (2, 24) });
        assert_eq!(ours["/k\"ey/n"], Span { start: (3, 29), end: (3, 35) });
        assert_eq!(ours[""], Span { start: (1, 1), end: (4, 2) });
    }
}
