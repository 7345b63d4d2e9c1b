//! acmectl: the platform team's chores, as one command.

mod github;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "acmectl", version, about = "Platform chores")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print who owns a repository, from its CODEOWNERS file.
    Owners { repo: String },
    /// Open this week's on-call issue.
    Oncall,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cli = Cli::parse();
    let client = github::Client::from_env();
    match cli.command {
        Command::Owners { repo } => {
            for owner in client.owners(&repo)? {
                println!("{owner}");
            }
        }
        Command::Oncall => {
            let url = client.open_issue("acme/platform", "On-call handover", "See the runbook.")?;
            println!("{url}");
        }
    }
    Ok(())
}
