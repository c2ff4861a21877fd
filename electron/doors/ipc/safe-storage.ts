import { safeStorage } from 'electron';
import { EncryptedFileSecretStore } from '../../host/index.js';

/** The API key under Electron: encrypted by the OS keychain through safeStorage, in TANDEM_HOME/api-key.enc. */
export function safeStorageSecretStore(home: string): EncryptedFileSecretStore {
  return new EncryptedFileSecretStore(home, safeStorage);
}
