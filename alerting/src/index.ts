export { startAlerting, ALERTING_CONSUMER, type Alerting, type AlertingOptions } from './incident-service.ts';
export { createAlertingCommands, type AlertingCommands, type IncidentCommands, type RuleCommands, type SilenceCommands } from './commands/index.ts';
export { DEFAULT_RULES, RuleEngine, type AnyRule, type EngineAction } from './engine/index.ts';
export { checkRule } from './config/rule-validation.ts';
