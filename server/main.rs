//! `sendwell`: check outreach drafts from the command line, or serve them to an editor over LSP.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use sendwell::cli::check::Format;
use sendwell::cli::gates::GateArgs;

#[derive(Parser)]
#[command(
    name = "sendwell",
    version,
    about = "Reviews outreach message drafts the way a compiler reviews code"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check drafts in files or folders (default: the current folder).
    ///
    /// Exit status: 0 when no finding reaches the gate, 1 when one does, 2 on usage errors and
    /// files that could not be read (or, with --fix, written).
    #[command(after_help = "Fixing:
  --fix writes each draft's safe fixes (the editor's \"Fix all\") back to its file, says what it
  changed, then checks again and exits as a check does. Files are replaced atomically and keep
  their line endings, BOM and permissions; a symlink's target is written. Files without a
  \"channel:\" front-matter, read-only files, files with other hard links and files changed
  since they were read are never written. \"sendwell check --fix -\" reads standard input and
  prints the fixed draft to standard output (what was fixed and what remains go to standard
  error); \"-\" must then be the only path.
  --diff prints the same fixes as a unified diff and writes nothing: exit 1 when something would
  change, 0 when nothing would. --fix --diff is --diff.")]
    Check {
        paths: Vec<PathBuf>,
        /// Output format (of the findings; --diff prints a diff whatever it says).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Apply the safe fixes to the files, then check again.
        #[arg(long)]
        fix: bool,
        /// Print the safe fixes as a unified diff and change nothing (exit 1 if there are any).
        #[arg(long)]
        diff: bool,
        #[command(flatten)]
        gates: GateArgs,
    },
    /// Run the language server on stdin/stdout.
    Lsp {
        /// Accepted and ignored: stdio is the only transport, but some clients always pass it.
        #[arg(long, hide = true)]
        stdio: bool,
    },
    /// Explain a rule: what it checks, why it matters, how to fix it.
    Explain { rule: String },
    /// List every rule with its ID, severity and channels.
    Rules {
        /// Print the rules reference in Markdown (docs/rules.md) instead.
        #[arg(long)]
        markdown: bool,
    },
    /// Print a draft as it will be sent; with --recipients, one message per row.
    Render {
        file: PathBuf,
        /// Placeholder values, as KEY=VALUE (repeatable).
        #[arg(long = "vars", value_name = "KEY=VALUE", num_args = 1..)]
        vars: Vec<String>,
        /// A CSV with a header row; columns are named like the placeholders.
        #[arg(long, value_name = "CSV")]
        recipients: Option<PathBuf>,
    },
    /// Print the schedule of planned sends with per-day and per-week totals against the caps.
    Plan {
        /// A folder of drafts, or one draft (default: the current folder).
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = PlanFormat::Table)]
        format: PlanFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum PlanFormat {
    Table,
    Json,
    Csv,
}

fn main() -> ExitCode {
    // Before anything can panic: the default hook may print the text being checked.
    sendwell::panic_hook::install();
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Lsp { .. }) {
        quiet_on_a_closed_pipe();
    }
    match cli.command {
        Command::Check {
            paths,
            format,
            fix,
            diff,
            gates,
        } => {
            use sendwell::cli::fix::Mode;
            let mode = match (fix, diff) {
                (_, true) => Mode::Diff,
                (true, false) => Mode::Fix,
                (false, false) => Mode::Report,
            };
            sendwell::cli::check::run(&paths, format, &gates.gates(), mode)
        }
        Command::Lsp { .. } => ExitCode::from(sendwell::lsp::run_stdio() as u8),
        Command::Explain { rule } => sendwell::cli::explain::explain(&rule),
        Command::Rules { markdown } => sendwell::cli::explain::list(markdown),
        Command::Render {
            file,
            vars,
            recipients,
        } => sendwell::cli::render::run(&file, &vars, recipients.as_deref()),
        Command::Plan { path, format } => sendwell::cli::plan::run(
            path.as_deref(),
            match format {
                PlanFormat::Table => sendwell::cli::plan::Format::Table,
                PlanFormat::Json => sendwell::cli::plan::Format::Json,
                PlanFormat::Csv => sendwell::cli::plan::Format::Csv,
            },
        ),
    }
}

/// `sendwell check | head` closes the pipe early: end quietly, as other command-line tools do,
/// instead of panicking on the failed write (which the panic hook would call a bug). The server
/// keeps Rust's default, so a write to a gone editor is an error it handles.
fn quiet_on_a_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
