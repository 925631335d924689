//! Positions of every node of a JSON text, by JSON pointer, in one pass over the bytes. The YAML
//! reader can do the same for JSON, but this is many times faster, and positions are wanted for any
//! diagnostic of a large JSON spec.

use super::yaml::Positions;
use crate::pointer::Pointer;

enum Frame {
    Object { pointer: Pointer, key: Option<String> },
    Array { pointer: Pointer, index: usize },
}

/// 1-based line and column (in characters) of every value. Stops quietly at malformed input (the
/// text has already been parsed, so that only happens if it was not JSON at all).
pub fn positions(text: &str) -> Positions {
    let bytes = text.as_bytes();
    let mut out = Positions::new();
    let mut stack: Vec<Frame> = Vec::new();
    let (mut i, mut line, mut line_start) = (0usize, 1usize, 0usize);
    let column = |i: usize, line_start: usize| text.get(line_start..i).map_or(1, |s| s.chars().count() + 1);
    // Where the next value goes, or None if the next string is an object key.
    let next_pointer = |stack: &[Frame]| -> Option<Pointer> {
        match stack.last() {
            None => Some(Pointer::root()),
            Some(Frame::Object { key: Some(k), pointer }) => Some(pointer.child(k)),
            Some(Frame::Object { key: None, .. }) => None,
            Some(Frame::Array { pointer, index }) => Some(pointer.child(index)),
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
                line_start = i + 1;
                i += 1;
            }
            b' ' | b'\t' | b'\r' | b',' | b':' => i += 1,
            b'{' | b'[' => {
                let Some(pointer) = next_pointer(&stack) else { return out };
                out.insert(pointer.clone(), (line, column(i, line_start)));
                stack.push(if bytes[i] == b'{' {
                    Frame::Object { pointer, key: None }
                } else {
                    Frame::Array { pointer, index: 0 }
                });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                value_done(&mut stack);
                i += 1;
            }
            b'"' => {
                let start = i;
                let Some((s, end)) = read_string(text, i) else { return out };
                i = end;
                match next_pointer(&stack) {
                    Some(pointer) => {
                        out.insert(pointer, (line, column(start, line_start)));
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
                out.insert(pointer, (line, column(i, line_start)));
                while i < bytes.len() && !matches!(bytes[i], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                    i += 1;
                }
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
        assert_eq!(ours["/a/1/b~1c"], (2, 20));
        assert_eq!(ours["/k\"ey/n"], (3, 29));
    }
}
