//! The command line of `cargo xtask`, in one place: every command and option, its help, and the
//! usage printed after a wrong argument (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The workspace's tasks: generate the client, check specs, compare and release versions, benchmark.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Regenerates generated-client/ (and tests/fixture-clients/) from the spec, or generates another spec's crate.
    ///
    /// With no options: `spec/leadconnector.yaml` with every overlay of `spec/overlays/` (in name order),
    /// the crate README from `spec/client-README.md`, into `generated-client/`; the fixture clients too.
    Codegen(CodegenArgs),
    /// Writes spec/modules/ (one file per API module, common.yaml, IMPORT-REPORT.md) from HighLevel's OpenAPI files.
    ///
    /// Reads DIR/apps/*.json and DIR/common/common-schemas.json; keeps their facts, drops their prose,
    /// repairs every defect by a named repair (printed, and listed in spec/modules/IMPORT-REPORT.md).
    /// The root document spec/leadconnector.yaml is read (its operations win) and checked, never written.
    Import(ImportArgs),
    /// Generates a crate for every spec under each DIR and `cargo check`s them all, warnings denied.
    Corpus {
        /// A spec file, or a folder searched for specs.
        #[arg(value_name = "DIR", required = true)]
        dirs: Vec<PathBuf>,
    },
    /// What the spec change does to consumers since the last release: each change, the changelog entry, the verdict.
    Diff(DiffArgs),
    /// Writes the next version into spec/release.toml, the changelog entry, the release snapshot, and regenerates.
    Release {
        /// Releases nothing: records the released crate's surface again (spec/released/leadconnector.surface.json),
        /// from the released spec with this generator, when it only adds what the record lacked (a signature
        /// the surface did not hold yet); refused when anything the record holds differs.
        #[arg(long)]
        record_surface: bool,
    },
    /// Compares our semver verdicts with cargo-semver-checks on the cases of codegen/tests/diff/.
    SemverAudit {
        /// Only these cases (folder names under codegen/tests/diff/); all when none is given.
        #[arg(value_name = "CASE")]
        cases: Vec<String>,
    },
    /// The benchmarks (xtask/bench/, its own workspace): generation, compile time, decoding, pagination, the whole API.
    Bench(BenchArgs),
}

#[derive(Debug, Default, Args)]
pub struct CodegenArgs {
    /// Only compare: fail, naming the stale files, when the output is not what would be generated.
    #[arg(long)]
    pub check: bool,
    /// Every warning is an error: nothing is written from a spec the generator had to repair.
    #[arg(long)]
    pub strict: bool,
    /// Another spec (then neither our README nor our overlays apply, unless given).
    #[arg(long, value_name = "PATH")]
    pub spec: Option<PathBuf>,
    /// The output directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The generated crate's package name.
    #[arg(long, value_name = "NAME")]
    pub crate_name: Option<String>,
    /// The crate README (also its crate documentation).
    #[arg(long, value_name = "PATH")]
    pub readme: Option<PathBuf>,
    /// An OpenAPI Overlay applied after the spec's own (repeatable, in order).
    #[arg(long = "overlay", value_name = "PATH")]
    pub overlays: Vec<PathBuf>,
    /// Drops the warnings of this lint (repeatable; over `--strict`; the README lists the lints).
    #[arg(long = "allow", value_name = "LINT")]
    pub allow: Vec<codegen::Lint>,
    /// Makes the warnings of this lint errors, so that nothing is written (repeatable).
    #[arg(long = "deny", value_name = "LINT")]
    pub deny: Vec<codegen::Lint>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// HighLevel's files: the folder holding `apps/` and `common/`.
    #[arg(long, value_name = "DIR")]
    pub from: PathBuf,
    /// Write nothing: fail, listing the files that differ from what the import would write.
    #[arg(long)]
    pub check: bool,
    /// The spec folder to read the root from and write `modules/` into (default: this workspace's `spec/`).
    #[arg(long, value_name = "DIR")]
    pub spec: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old spec (default: the snapshot of the last release, spec/released/leadconnector.json).
    #[arg(long, value_name = "PATH")]
    pub old: Option<PathBuf>,
    /// An overlay applied to the old spec (repeatable, in order).
    #[arg(long = "old-overlay", value_name = "PATH")]
    pub old_overlays: Vec<PathBuf>,
    /// The new spec (default: ours with spec/overlays/; a spec given here gets only the `--overlay`s).
    #[arg(long, value_name = "PATH")]
    pub new: Option<PathBuf>,
    /// An overlay applied to the new spec (repeatable, in order).
    #[arg(long = "overlay", value_name = "PATH")]
    pub overlays: Vec<PathBuf>,
    /// The report's format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Exit non-zero when a change is of this class or worse.
    #[arg(long, value_enum, value_name = "CLASS")]
    pub fail_on: Option<FailOn>,
    /// Fail when the version in spec/release.toml does not allow the change since the last release.
    #[arg(long)]
    pub check_version: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A Markdown table, the changelog entry and the verdict.
    #[value(alias = "md")]
    Markdown,
    /// One JSON document, for machines.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Breaking,
    Additive,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// About a minute and a quarter on a warm build: fewer samples.
    #[arg(long)]
    pub quick: bool,
    /// The corpus of specs to generate (default: ../shared/corpus when present).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Run this one measure only.
    #[arg(long, value_enum, value_name = "MEASURE")]
    pub only: Option<Measure>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Measure {
    Gen,
    Compile,
    Decode,
    Paginate,
    Pace,
    /// The whole API (`spec/`, 41 modules) generated as a whole process.
    GenApi,
    /// The whole API compiled against ghl-sdk 0.5.2 (`conversations` and `full`).
    CompileApi,
}

impl BenchArgs {
    /// The arguments of the benchmark program (`xtask/bench`), which reads the same options.
    pub fn forwarded(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.quick {
            out.push("--quick".to_string());
        }
        if let Some(corpus) = &self.corpus {
            out.extend(["--corpus".to_string(), corpus.display().to_string()]);
        }
        if let Some(only) = self.only.and_then(|m| m.to_possible_value()) {
            out.extend(["--only".to_string(), only.get_name().to_string()]);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::error::ErrorKind;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("xtask").chain(args.iter().copied()))
    }

    fn kind(args: &[&str]) -> ErrorKind {
        parse(args).map(|cli| panic!("`{}` parsed: {cli:?}", args.join(" "))).unwrap_err().kind()
    }

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_answers_help() {
        let commands: Vec<String> = Cli::command().get_subcommands().map(|c| c.get_name().to_string()).collect();
        assert_eq!(commands, ["codegen", "import", "corpus", "diff", "release", "semver-audit", "bench"]);
        assert_eq!(kind(&["--help"]), ErrorKind::DisplayHelp);
        for command in &commands {
            assert_eq!(kind(&[command, "--help"]), ErrorKind::DisplayHelp, "{command} --help");
            assert_eq!(kind(&[command, "-h"]), ErrorKind::DisplayHelp, "{command} -h");
            assert_eq!(kind(&["help", command]), ErrorKind::DisplayHelp, "help {command}");
        }
        let help = Cli::command().find_subcommand_mut("diff").unwrap().render_long_help().to_string();
        for option in
            ["--old <PATH>", "--old-overlay <PATH>", "--format <FORMAT>", "--fail-on <CLASS>", "--check-version"]
        {
            assert!(help.contains(option), "diff --help lacks {option}:\n{help}");
        }
    }

    #[test]
    fn a_wrong_argument_is_a_usage_error() {
        assert_eq!(kind(&["diff", "--nope"]), ErrorKind::UnknownArgument);
        assert_eq!(kind(&["codegen", "--spec"]), ErrorKind::InvalidValue);
        assert_eq!(kind(&["diff", "--format", "xml"]), ErrorKind::InvalidValue);
        assert_eq!(kind(&["bench", "--only", "everything"]), ErrorKind::InvalidValue);
        assert_eq!(kind(&["release", "now"]), ErrorKind::UnknownArgument);
        assert_eq!(kind(&["corpus"]), ErrorKind::MissingRequiredArgument);
        assert_eq!(kind(&["import"]), ErrorKind::MissingRequiredArgument);
        assert_eq!(kind(&["frobnicate"]), ErrorKind::InvalidSubcommand);
        assert_eq!(kind(&[]), ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand);
        let err = parse(&["diff", "--nope"]).unwrap_err().render().to_string();
        assert!(err.contains("Usage: cargo xtask diff [OPTIONS]"), "{err}");
    }

    #[test]
    fn every_option_keeps_its_meaning() {
        let Command::Codegen(args) = parse(&[
            "codegen",
            "--check",
            "--strict",
            "--spec",
            "a.yaml",
            "--out",
            "out",
            "--crate-name",
            "my_client",
            "--readme",
            "R.md",
            "--overlay",
            "o1.yaml",
            "--overlay",
            "o2.yaml",
        ])
        .unwrap()
        .command
        else {
            panic!("not codegen")
        };
        assert!(args.check && args.strict);
        assert_eq!(args.spec, Some("a.yaml".into()));
        assert_eq!(args.out, Some("out".into()));
        assert_eq!(args.crate_name.as_deref(), Some("my_client"));
        assert_eq!(args.readme, Some("R.md".into()));
        assert_eq!(args.overlays, [PathBuf::from("o1.yaml"), "o2.yaml".into()]);

        let Command::Diff(args) = parse(&[
            "diff",
            "--old",
            "old.json",
            "--old-overlay",
            "x.yaml",
            "--new",
            "new.yaml",
            "--overlay",
            "y.yaml",
            "--format",
            "json",
            "--fail-on",
            "additive",
            "--check-version",
        ])
        .unwrap()
        .command
        else {
            panic!("not diff")
        };
        assert_eq!((args.old, args.new), (Some("old.json".into()), Some("new.yaml".into())));
        assert_eq!((args.old_overlays, args.overlays), (vec!["x.yaml".into()], vec!["y.yaml".into()]));
        assert_eq!((args.format, args.fail_on, args.check_version), (Format::Json, Some(FailOn::Additive), true));
        let Command::Diff(args) = parse(&["diff", "--format", "md"]).unwrap().command else { panic!("not diff") };
        assert_eq!((args.format, args.fail_on, args.check_version), (Format::Markdown, None, false));

        let Command::Import(args) = parse(&["import", "--from", "up", "--check"]).unwrap().command else {
            panic!("not import")
        };
        assert_eq!((args.from, args.check, args.spec), (PathBuf::from("up"), true, None));

        let Command::Corpus { dirs } = parse(&["corpus", "a", "b"]).unwrap().command else { panic!("not corpus") };
        assert_eq!(dirs, [PathBuf::from("a"), "b".into()]);
        let Command::SemverAudit { cases } = parse(&["semver-audit", "c1"]).unwrap().command else {
            panic!("not semver-audit")
        };
        assert_eq!(cases, ["c1"]);
        let Command::Bench(args) = parse(&["bench", "--quick", "--only", "paginate", "--corpus", "c"]).unwrap().command
        else {
            panic!("not bench")
        };
        assert_eq!(args.forwarded(), ["--quick", "--corpus", "c", "--only", "paginate"]);
    }
}
