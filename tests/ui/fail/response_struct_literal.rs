// Response types are decoded from the server, never built by the consumer: they are
// `#[non_exhaustive]`, so even a literal that names every field is refused.
use leadconnector::types::GetMessagesResponse;

fn main() {
    let _ = GetMessagesResponse {
        last_message_id: String::new(),
        next_page: false,
        messages: Vec::new(),
        additional_properties: serde_json::Map::new(),
    };
}
