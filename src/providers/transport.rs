#[derive(Clone, Debug, Default)]
pub struct Transport;
impl progenitor_client::ClientHooks<Transport> for crate::providers::generated::gitcode::Client {}
impl progenitor_client::ClientHooks<Transport>
    for crate::providers::generated::sourcecraft::Client
{
}
