//! A consumer's code and tests, written once against the crate of `codegen/tests/fixtures/kitchen-sink.yaml`,
//! keep compiling when the spec gains optional fields and an optional parameter: the constructors of
//! the `mock` feature take the required fields only, and a mock is set up from the request builder.
//!
//! The consumer crate below is checked (`cargo check --all-targets`, warnings denied) against the
//! crate generated from the fixture, then against the crate generated from the fixture with the
//! overlay below, unchanged. It builds in `target/corpus-build`, which the corpus step of CI shares.

use std::path::{Path, PathBuf};

use xtask::workspace_root;

/// The spec gains an optional field on a response type, one on the page, and an optional query
/// parameter: additive changes (`spec/DIFF-RULES.md`) that must not break the consumer below.
const ADDITIONS: &str = r#"overlay: 1.0.0
info: {title: optional additions, version: "1"}
actions:
  - target: $.components.schemas.Pet.properties
    update:
      nickname: {type: string}
  - target: $.paths['/pets'].get.responses['200'].content['application/json'].schema.properties
    update:
      total: {type: integer}
  - target: $.paths['/pets'].get.parameters
    update: {name: sort, in: query, schema: {type: string}}
"#;

/// Code of a team that uses the kitchen-sink client, with a test that mocks it.
const CONSUMER: &str = r#"
use kitchen_sink::types::{Kind, ListPetsResponse, Pet};
use kitchen_sink::Client;

/// The names of the pets of the first page.
pub async fn first_names(client: &Client) -> Result<Vec<String>, kitchen_sink::ApiError> {
    let page = client.list_pets().limit(10).send().await?;
    Ok(page.items.iter().map(|p| p.name.clone()).collect())
}

/// A pet, built without JSON.
pub fn rex() -> Pet {
    let mut pet = Pet::new(1, Kind::Dog, "Rex".into());
    pet.r#type = Some("good boy".into());
    pet
}

pub fn page_of(items: Vec<Pet>) -> ListPetsResponse {
    ListPetsResponse::new(items, false)
}

#[cfg(test)]
mod tests {
    use kitchen_sink::mock::{self, MockServer};
    use kitchen_sink::operations::ListPetsError;
    use kitchen_sink::types::Problem;

    #[tokio::test]
    async fn first_names_reads_the_first_page() {
        let server = MockServer::start().await;
        let client = mock::client_builder(&server).build().unwrap();
        let mocked = server.on(client.list_pets().limit(10)).respond(super::page_of(vec![super::rex()])).await;
        assert_eq!(super::first_names(&client).await.unwrap(), ["Rex"]);
        assert_eq!(mocked.calls().await, 1);
        let mut problem = Problem::new();
        problem.detail = Some("no".into());
        server.on(client.list_pets().limit(11)).respond_error(ListPetsError::Status4xx(Box::new(problem))).await;
    }
}
"#;

/// Generates the fixture's crate (with `overlays`) into `dir/kitchen_sink`, and the consumer beside it.
fn write_workspace(dir: &Path, overlays: &[PathBuf]) {
    let root = workspace_root();
    let spec = root.join("codegen/tests/fixtures/kitchen-sink.yaml");
    let out = dir.join("kitchen_sink");
    let config = xtask::config_for(&out, "kitchen_sink", None);
    let generated = codegen::generate_with_overlays(&spec, overlays, &config).unwrap_or_else(|d| panic!("{d}"));
    codegen::write::write(&out, &generated.files, false).expect("the crate is written");
    let consumer = dir.join("consumer");
    std::fs::create_dir_all(consumer.join("src")).unwrap();
    std::fs::write(consumer.join("src/lib.rs"), CONSUMER).unwrap();
    std::fs::write(
        consumer.join("Cargo.toml"),
        r#"[package]
name = "consumer"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
kitchen_sink = { path = "../kitchen_sink" }

[dev-dependencies]
kitchen_sink = { path = "../kitchen_sink", features = ["mock"] }
tokio = { version = "1", features = ["macros", "rt"] }
"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"kitchen_sink\", \"consumer\"]\n",
    )
    .unwrap();
    // The versions this workspace builds with, so nothing new is resolved or fetched.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

fn cargo_check(dir: &Path) -> Result<(), String> {
    let output = xtask::check_generated(dir).output().map_err(|e| format!("running cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[test]
fn an_unchanged_consumer_compiles_after_optional_additions() {
    let dir = workspace_root().join("target/consumer-compat");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();

    write_workspace(&dir, &[]);
    cargo_check(&dir).unwrap_or_else(|e| panic!("the consumer does not compile against the fixture's crate:\n{e}"));

    let overlay = dir.join("additions.yaml");
    std::fs::write(&overlay, ADDITIONS).unwrap();
    write_workspace(&dir, &[overlay]);
    let types = std::fs::read_to_string(dir.join("kitchen_sink/src/types.rs")).unwrap();
    let nickname = "pub nickname: ::core::option::Option<::std::string::String>";
    assert!(types.contains(nickname), "the overlay added `Pet::nickname`");
    assert!(types.contains("pub total: ::core::option::Option<i64>"), "the overlay added the page's `total`");
    let list_pets = std::fs::read_to_string(dir.join("kitchen_sink/src/operations/list_pets.rs")).unwrap();
    assert!(list_pets.contains("pub fn sort("), "the overlay added the `sort` parameter");
    cargo_check(&dir)
        .unwrap_or_else(|e| panic!("the unchanged consumer no longer compiles after optional additions:\n{e}"));
}
