use anyhow::{bail, ensure, Context};

macro_rules! err {
    ($msg:expr) => { return Err(anyhow::anyhow!($msg)) };
}

pub struct Handler;

impl Handler {
    pub async fn delete_item(&self, id: u64, owner: Option<&str>) -> anyhow::Result<()> {
        let owner = owner.ok_or("delete request without an owner")?;
        if id == 0 {
            err!(format!("item {} cannot be deleted by {}", id, owner));
        }
        if owner.is_empty() {
            bail!("owner of item {id} is empty");
        }
        ensure!(id < 1_000_000, "item id {} out of range", id);
        let token = dotenv::var("API_TOKEN").context("API token not configured")?;
        println!("deleted item {} for {}", id, owner);
        Ok(())
    }
}

fn main() {
    let port = option_env!("HANDLER_PORT").unwrap_or("8080");
    eprintln!("listening on port {}", port);
    unreachable!("the server loop never returns");
}

fn check_owner(id: u64, owner: &str) -> anyhow::Result<()> {
    if owner != "root" {
        err!("Permission denied", format!("item {} belongs to {}", id, owner));
    }
    Ok(())
}

fn session_timeout(settings: &Settings) -> u64 {
    if settings.session_minutes() == 0 {
        warn!("session timeout disabled by configuration");
    }
    settings.session_minutes() * 60
}

fn save_order(conn: &Conn, order: &Order) -> EmptyResult {
    conn.insert(order).map_res("Error saving the order")
}
