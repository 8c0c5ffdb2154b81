//! A metric read when Prometheus scrapes, from counts another part of the site keeps.

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::MetricType;

/// One value: the label's value when the metric has a label, and the number.
pub(super) struct Sample {
    pub label: Option<&'static str>,
    pub value: u64,
}

pub(super) struct AtScrape {
    pub name: &'static str,
    pub help: &'static str,
    pub kind: MetricType,
    /// The label's name, for a metric with one value per label.
    pub label: Option<&'static str>,
    pub read: Box<dyn Fn() -> Vec<Sample> + Send + Sync>,
}

impl std::fmt::Debug for AtScrape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AtScrape").field("name", &self.name).finish_non_exhaustive()
    }
}

impl Collector for AtScrape {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let mut metric = encoder.encode_descriptor(self.name, self.help, None, self.kind)?;
        for sample in (self.read)() {
            let labels: Vec<(&str, &str)> = self.label.zip(sample.label).into_iter().collect();
            let encoder = metric.encode_family(&labels)?;
            match self.kind {
                MetricType::Gauge => ConstGauge::new(sample.value).encode(encoder)?,
                _ => ConstCounter::new(sample.value).encode(encoder)?,
            }
        }
        Ok(())
    }
}
