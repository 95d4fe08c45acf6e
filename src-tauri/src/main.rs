fn main() { factdesk_app::run() }
