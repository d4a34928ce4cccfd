// Helpers of the browser end-to-end suite (the tests are src/*.e2e.test.ts).
export * from './support/stack.ts';
export * from './support/browser.ts';
export * from './support/mqtt.ts';
export * from './support/api.ts';
export * from './support/png.ts';
