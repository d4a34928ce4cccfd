export { startNotifier, DEFAULT_NOTIFIER_SETTINGS, type Notifier, type NotifierOptions, type NotifierSettings } from './notifier.ts';
export { NOTIFIER_CONSUMER, factsOf } from './planner.ts';
export { tracePolicy, contactPointNamesOf, type IncidentFacts } from './policy/match-routes.ts';
export { verifyWebhook, signWebhook } from './senders/signature.ts';
export { readNotifierSettings } from './config.ts';
export type { SmtpConfig } from './senders/email-sender.ts';
export { checkPolicy, type PolicyCheck } from './policy/check-policy.ts';
export { consoleNotificationEvent } from './senders/console-event.ts';
export { buildMessage } from './message/render.ts';
