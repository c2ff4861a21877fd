import { safeStorage } from 'electron';
import { EncryptedFileSecretStore } from '../../host/settings/encrypted-file-secret-store.js';
import { keychainCipher } from './keychain.js';

/**
 * The API key under Electron: encrypted by the OS keychain through safeStorage, in TANDEM_HOME/api-key.enc;
 * refused on Linux when safeStorage has no real keychain (see keychain.ts).
 */
export function safeStorageSecretStore(home: string): EncryptedFileSecretStore {
  return new EncryptedFileSecretStore(home, keychainCipher(safeStorage));
}
