use clap::Parser;
use upprop_server::{Application, Command, Config, telemetry};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let config = Config::parse();
    if let Some(Command::Import { files }) = &config.command {
        let imported = upprop_server::import(&config.database_url, files).await?;
        std::process::exit(if imported { 0 } else { 1 });
    }
    if config.check_config {
        let fine = upprop_server::check_config(&config).await;
        std::process::exit(if fine { 0 } else { 1 });
    }
    let application = Application::build(config).await?;
    tracing::info!(
        "serving the API and the demo page on http://{}/",
        application.address()
    );
    application.run_until_stopped().await
}
