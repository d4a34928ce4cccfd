export { startAlerting, ALERTING_CONSUMER, type Alerting, type AlertingOptions } from './incident-service.ts';
export { fireSignal, type FireEventRecord, type PanelContext } from './rules/fire-rules.ts';
