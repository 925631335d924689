//! Path templates (`/messages/{messageId}`): below check (which repairs undeclared variables) and
//! lower (which splits a path into literals and parameters).

/// The `{name}` variables of a path template, in order.
pub fn variables(path: &str) -> Vec<String> {
    let mut vars = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        vars.push(rest[start + 1..start + len].to_string());
        rest = &rest[start + len + 1..];
    }
    vars
}

#[cfg(test)]
mod tests {
    #[test]
    fn variables_in_order() {
        assert_eq!(super::variables("/a/{x}/b/{y}"), ["x", "y"]);
        assert!(super::variables("/a/{unclosed").is_empty());
    }
}
