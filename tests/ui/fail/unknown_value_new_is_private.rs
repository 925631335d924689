// `UnknownValue` can only come from the crate (decoding, `From<&str>`), so it cannot be used to
// spell a known value such as `TYPE_SMS` as `Unknown`.
use leadconnector::types::MessageType;
use leadconnector::UnknownValue;

fn main() {
    let _ = MessageType::Unknown(UnknownValue::new("TYPE_SMS".to_owned()));
}
