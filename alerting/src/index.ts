export { startAlerting, ALERTING_CONSUMER, type Alerting, type AlertingOptions } from './incident-service.ts';
export { DEFAULT_RULES, RuleEngine, type AnyRule, type EngineAction } from './engine/index.ts';
