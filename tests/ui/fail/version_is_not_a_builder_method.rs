// The `Version` header is fixed by the spec and sent for every operation; the caller cannot set it.
fn main() {
    let client = leadconnector::Client::builder().build().unwrap();
    let _ = client.conversations().get_messages("tDtDnQdgm2LXpyiqYvZ6").version("2021-07-28");
}
