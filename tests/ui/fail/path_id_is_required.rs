// A required path parameter is a positional argument of the operation method.
fn main() {
    let client = leadconnector::Client::builder().build().unwrap();
    let _ = client.conversations().get_messages();
}
