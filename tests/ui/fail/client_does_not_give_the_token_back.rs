// The bearer token is configured once; the client has no way to read it back.
fn main() {
    let client = leadconnector::Client::builder().bearer_token("secret").build().unwrap();
    let _ = client.bearer_token();
}
