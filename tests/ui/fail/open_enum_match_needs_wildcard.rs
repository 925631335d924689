// Open enums are `#[non_exhaustive]`: listing every variant of this version (even `Unknown`) is
// not enough, because a later version may add variants. A wildcard arm is required.
use leadconnector::types::MessageDirection;

fn arrow(direction: &MessageDirection) -> &'static str {
    match direction {
        MessageDirection::Inbound => "<-",
        MessageDirection::Outbound => "->",
        MessageDirection::Unknown(_) => "?",
    }
}

fn main() {
    let _ = arrow(&MessageDirection::Inbound);
}
