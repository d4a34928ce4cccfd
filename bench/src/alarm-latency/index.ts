export { runAlarmLatencyBench, ALARM_P99_TARGET_MS, type AlarmLatencyOptions, type AlarmLatencyResult } from './run-alarm-latency.ts';
export { formatAlarmLatency } from './report.ts';
export { alarmOptionsFromEnv } from './env.ts';
export { runBacklogAlarmBench, formatBacklogAlarm, BACKLOG_ALARM_P99_TARGET_MS, type BacklogAlarmResult } from './run-backlog-alarm.ts';
export { runShapesBench, formatShapes, SHAPE_GAP_TARGET_MS, type ShapesResult } from './shapes.ts';
