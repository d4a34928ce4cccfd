import { mount } from 'svelte';
import App from './App.svelte';
import { publishTestHook } from './lib/test-hook.ts';
import './app.css';

publishTestHook({});
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });
