import { prepareTestHome } from './test-home.js';

export default function setup(): void {
  prepareTestHome();
}
