// The consumer example of README.md and spec/client-README.md, verbatim between the markers.
// `main` only builds the future and drops it: trybuild runs this binary, and it must not send
// a request anywhere.

use futures::TryStreamExt;
use leadconnector::Client;

async fn example() -> Result<(), Box<dyn std::error::Error>> {
    // --- README example, verbatim ---
    let client = Client::builder()
        .bearer_token(std::env::var("LEADCONNECTOR_TOKEN")?)   // base_url() overrides the spec's server
        .build()?;

    let page = client.conversations().get_messages("tDtDnQdgm2LXpyiqYvZ6").limit(50).send().await?;
    println!("{} messages, more: {}", page.messages.len(), page.next_page);

    let every: Vec<_> = client.conversations().get_messages("tDtDnQdgm2LXpyiqYvZ6").into_stream().try_collect().await?;

    let task = tokio::spawn(client.conversations().get_message("ve9EPM428h8vShlRW1KT").send());   // owned: 'static + Send
    match task.await? {
        Ok(message) => println!("{}", message.message_type),   // an unknown type prints its wire value
        Err(err) => eprintln!("status {:?}: {err}", err.status()),
    }
    // --- end of the README example ---
    let _ = every;
    Ok(())
}

/// A stream is owned too: it can be kept in a struct or spawned.
fn spawn_a_stream(client: &Client) -> tokio::task::JoinHandle<Result<Vec<leadconnector::types::Message>, leadconnector::Error<leadconnector::conversations::GetMessagesError>>> {
    let stream = client.conversations().get_messages("tDtDnQdgm2LXpyiqYvZ6").into_stream();
    tokio::spawn(async move { stream.try_collect().await })
}

fn assert_send<T: Send>(_: &T) {}

#[tokio::main]
async fn main() {
    let future = example();
    // Consumers run this on a multi-threaded runtime (`tokio::spawn`): the future must be `Send`.
    assert_send(&future);
    drop(future);
    let _ = spawn_a_stream;
}
