//! Service, Endpoints and Namespace (`core/v1`).

use super::meta::{IntOrString, ObjectMeta, ObjectReference};
use crate::from_value::FromValue;
use crate::to_json::ToJson;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct Service {
    pub metadata: ObjectMeta,
    pub spec: ServiceSpec,
    pub status: ServiceStatus,
}

#[derive(Clone, Debug, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceSpec {
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub selector: BTreeMap<String, String>,
    pub ports: Vec<ServicePort>,
    #[serde(rename = "clusterIP", skip_serializing_if = "String::is_empty")]
    pub cluster_ip: String,
    #[serde(rename = "clusterIPs", skip_serializing_if = "Vec::is_empty")]
    pub cluster_ips: Vec<String>,
    pub session_affinity: String,
    /// Defaulted to `clientIP.timeoutSeconds: 10800` with `ClientIP`, dropped with `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_affinity_config: Option<SessionAffinityConfig>,
    /// The DNS name an `ExternalName` Service stands for.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub external_name: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub publish_not_ready_addresses: bool,
}

/// `DefaultClientIPServiceAffinitySeconds` (`pkg/apis/core/v1`): three hours.
pub const DEFAULT_CLIENT_IP_AFFINITY_SECONDS: i64 = 10_800;
/// `MaxClientIPServiceAffinitySeconds`: one day.
pub const MAX_CLIENT_IP_AFFINITY_SECONDS: i64 = 86_400;

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionAffinityConfig {
    #[serde(rename = "clientIP", skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<ClientIpConfig>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientIpConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i64>,
}

impl ServiceSpec {
    /// `SetDefaults_Service` for session affinity: `None` when unset (and no config),
    /// `ClientIP` with a timeout of 10800 s unless one is given.
    pub fn default_session_affinity(&mut self) {
        if self.session_affinity.is_empty() {
            self.session_affinity = "None".into();
        }
        if self.session_affinity == "None" {
            self.session_affinity_config = None;
        }
        if self.session_affinity == "ClientIP" {
            let timeout = self.session_affinity_config.as_ref().and_then(|c| c.client_ip.as_ref()).and_then(|c| c.timeout_seconds);
            if timeout.is_none() {
                self.session_affinity_config = Some(SessionAffinityConfig {
                    client_ip: Some(ClientIpConfig { timeout_seconds: Some(DEFAULT_CLIENT_IP_AFFINITY_SECONDS) }),
                });
            }
        }
    }
}

impl Default for ServiceSpec {
    fn default() -> Self {
        ServiceSpec {
            type_: "ClusterIP".into(),
            selector: BTreeMap::new(),
            ports: Vec::new(),
            cluster_ip: String::new(),
            cluster_ips: Vec::new(),
            session_affinity: "None".into(),
            session_affinity_config: None,
            external_name: String::new(),
            publish_not_ready_addresses: false,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ServicePort {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub protocol: String,
    pub port: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_port: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_port: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceStatus {
    pub load_balancer: LoadBalancerStatus,
}

/// `{}` until a load balancer is provisioned, as the API shows it.
#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct LoadBalancerStatus {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ingress: Vec<LoadBalancerIngress>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct LoadBalancerIngress {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ip: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hostname: String,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct Endpoints {
    pub metadata: ObjectMeta,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subsets: Vec<EndpointSubset>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct EndpointSubset {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<EndpointAddress>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_ready_addresses: Vec<EndpointAddress>,
    pub ports: Vec<EndpointPort>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct EndpointAddress {
    pub ip: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<ObjectReference>,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct EndpointPort {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub port: i64,
    pub protocol: String,
}

impl Endpoints {
    /// `ip:port` pairs of ready addresses, as the `ENDPOINTS` column lists them.
    pub fn ready_addresses(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.subsets {
            for a in &s.addresses {
                if s.ports.is_empty() {
                    out.push(a.ip.clone());
                }
                for p in &s.ports {
                    out.push(format!("{}:{}", a.ip, p.port));
                }
            }
        }
        out
    }
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct Namespace {
    pub metadata: ObjectMeta,
    pub status: NamespaceStatus,
}

#[derive(Clone, Debug, Default, PartialEq, ToJson, FromValue)]
#[serde(rename_all = "camelCase", default)]
pub struct NamespaceStatus {
    pub phase: String,
}
