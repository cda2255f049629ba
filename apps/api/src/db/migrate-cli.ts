import { openDatabase } from './index';
import { loadConfig } from '../config';

const config = loadConfig();
openDatabase(config.databasePath).$client.close();
console.log(`migrated ${config.databasePath}`);
