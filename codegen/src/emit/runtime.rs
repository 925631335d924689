//! The client runtime: real Rust kept in `codegen/runtime/`, copied into every generated crate as
//! `src/runtime/`. Compiled into the generator so that it needs no files at run time.

macro_rules! runtime_files {
    ($($name:literal),* $(,)?) => {
        /// (file name, source) of every runtime file, in a fixed order.
        pub const RUNTIME_FILES: &[(&str, &str)] = &[$(($name, include_str!(concat!("../../runtime/", $name)))),*];
    };
}

runtime_files!["mod.rs", "auth.rs", "client.rs", "error.rs", "open_enum.rs", "pagination.rs", "rate_limit.rs", "request.rs", "response.rs", "retry.rs", "unknown.rs"];

#[cfg(test)]
mod tests {
    #[test]
    fn every_runtime_source_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).filter(|n| n.ends_with(".rs")).collect();
        on_disk.sort();
        let mut embedded: Vec<String> = super::RUNTIME_FILES.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk, "list every file of codegen/runtime/ in RUNTIME_FILES");
    }
}
