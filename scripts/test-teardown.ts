// Preloaded by `npm test` (--import): after every test file ran, close the process's shared test database,
// so the runner's single process can exit.
import { after } from 'node:test';
import { closeTestDatabase } from '@qiaoti/db/testing';

after(closeTestDatabase);
