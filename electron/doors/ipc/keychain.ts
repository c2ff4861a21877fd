import type { SecretCipher } from '../../host/index.js';

/** The part of Electron's safeStorage Tandem uses; kept to this so the rule below is tested under Node. */
export interface SafeStorageLike extends SecretCipher {
  /** Linux only: which keychain safeStorage encrypts with ('basic_text' when it found none). */
  getSelectedStorageBackend?(): string;
}

/**
 * Why the key must not be stored here, or null when it may. On Linux without a keychain that answers (no GNOME
 * Keyring, no KWallet: a bare window manager, a remote session), Electron's safeStorage falls back to
 * 'basic_text': it still "encrypts", but with a password written into Chromium itself, so anyone who can read the
 * file can read the key. Tandem then keeps no key of its own and says how to give one instead.
 */
export function weakKeychainRefusal(platform: NodeJS.Platform, storage: SafeStorageLike): string | null {
  if (platform !== 'linux' || storage.getSelectedStorageBackend?.() !== 'basic_text') return null;
  return (
    'Tandem will not store the API key: no keychain answered on this desktop (such as GNOME Keyring or KWallet), so it ' +
    'would be protected only by a fixed password anyone could look up. Set OPENAI_API_KEY in the environment Tandem ' +
    'starts from instead (for example in ~/.profile, then log out and in again), or start a keyring and restart Tandem.'
  );
}

/** safeStorage as the secret store's cipher, refusing to encrypt when the keychain is the weak fallback. */
export function keychainCipher(storage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretCipher {
  return {
    isEncryptionAvailable: () => storage.isEncryptionAvailable(),
    encryptString(plain) {
      const refusal = weakKeychainRefusal(platform, storage);
      if (refusal) throw new Error(refusal);
      return storage.encryptString(plain);
    },
    // A key saved earlier still reads: refusing it would not make it any safer, only lose it.
    decryptString: (encrypted) => storage.decryptString(encrypted),
  };
}
