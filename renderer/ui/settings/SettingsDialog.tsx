import { useEffect, useRef, useState, type FormEvent } from 'react';
import { apiKeyProblem } from '../../../shared/host/api-key.js';
import { SettingsPatch, type ApprovalPreset, type FixedSetting, type PublicSettings, type Theme } from '../../../shared/host/contract.js';
import type { ConnectionTestResult } from '../../store/settingsSlice.js';
import { NotificationPermission } from './NotificationPermission.js';
import { describeSettingsProblems, listEntries, listText } from '../../settings/lists.js';
import { DEFAULT_PRESET, presetChoices } from '../../settings/presets.js';
import { useApp } from '../../store/StoreContext.js';

function keyStatus(settings: PublicSettings | null): string {
  if (!settings) return 'Tandem has not said yet whether a key is set.';
  switch (settings.api_key_source) {
    case 'settings':
      return 'A key is set. Enter a new one to replace it.';
    case 'environment':
      return 'A key is set by the OPENAI_API_KEY environment variable. A key entered here takes its place.';
    case 'none':
      return 'No key is set.';
  }
}

/** The settings, as a modal dialog; the API key is only ever written, never shown. */
export function SettingsDialog() {
  const open = useApp((s) => s.settingsOpen);
  const reason = useApp((s) => s.settingsReason);
  const settings = useApp((s) => s.settings);
  const closeSettings = useApp((s) => s.closeSettings);
  const saveSettings = useApp((s) => s.saveSettings);
  const testConnection = useApp((s) => s.testConnection);
  const dialog = useRef<HTMLDialogElement>(null);

  const [apiKey, setApiKey] = useState('');
  const [removeKey, setRemoveKey] = useState(false);
  const [baseUrl, setBaseUrl] = useState('');
  const [model, setModel] = useState('');
  const [preset, setPreset] = useState<ApprovalPreset>(DEFAULT_PRESET);
  const [hiddenPaths, setHiddenPaths] = useState('');
  const [envPassthrough, setEnvPassthrough] = useState('');
  const [serverState, setServerState] = useState(false);
  const [theme, setTheme] = useState<Theme>('system');
  const [notifications, setNotifications] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [test, setTest] = useState<{ busy: boolean; result: ConnectionTestResult | null; problem: string | null }>({ busy: false, result: null, problem: null });
  const fixed = settings?.fixed ?? {};

  // Each opening starts from what the host has, not from what was typed and cancelled last time.
  useEffect(() => {
    if (!open) return;
    setApiKey('');
    setRemoveKey(false);
    setBaseUrl(settings?.base_url ?? '');
    setModel(settings?.model ?? '');
    setPreset(settings?.approval_preset ?? DEFAULT_PRESET);
    setHiddenPaths(listText(settings?.hidden_paths ?? []));
    setEnvPassthrough(listText(settings?.env_passthrough ?? []));
    setServerState(settings?.server_state ?? false);
    setTheme(settings?.theme ?? 'system');
    setNotifications(settings?.notifications ?? true);
    setProblem(null);
    setTest({ busy: false, result: null, problem: null });
  }, [open, settings]);

  const typedBaseUrl = baseUrl.trim() === '' ? null : baseUrl.trim();
  const baseUrlChanged = !fixed.base_url && typedBaseUrl !== (settings?.base_url ?? null);

  const runTest = async () => {
    const key = apiKey.trim();
    if (key !== '' && apiKeyProblem(key)) {
      setTest({ busy: false, result: null, problem: apiKeyProblem(key) });
      return;
    }
    const params = { ...(baseUrlChanged ? { base_url: typedBaseUrl } : {}), ...(key !== '' ? { api_key: key } : {}) };
    setTest({ busy: true, result: null, problem: null });
    try {
      setTest({ busy: false, result: await testConnection(params), problem: null });
    } catch (err) {
      setTest({ busy: false, result: null, problem: `Tandem could not test the connection: ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Only what the person changed is sent: a value shown from a flag or the environment must not become a saved one.
    const patch: SettingsPatch = {};
    if (baseUrlChanged) patch.base_url = typedBaseUrl;
    if (!fixed.approval_preset && preset !== settings?.approval_preset) patch.approval_preset = preset;
    // Lists the host never sent stay as saved unless the person typed some: an empty box is not "clear them".
    if (settings || hiddenPaths.trim() !== '') patch.hidden_paths = listEntries(hiddenPaths);
    if (settings || envPassthrough.trim() !== '') patch.env_passthrough = listEntries(envPassthrough);
    // Likewise: an unticked box the host never filled is not "turn it off".
    if (settings || serverState) patch.server_state = serverState;
    patch.theme = theme;
    patch.notifications = notifications;
    if (!fixed.model && model.trim() !== '' && model.trim() !== settings?.model) patch.model = model.trim();
    if (apiKey.trim() !== '') {
      // Words meant for the agent that landed here are not saved as the key.
      const keyProblem = apiKeyProblem(apiKey);
      if (keyProblem) {
        setProblem(keyProblem);
        return;
      }
      patch.api_key = apiKey.trim();
    } else if (removeKey) patch.api_key = null;
    const checked = SettingsPatch.safeParse(patch);
    if (!checked.success) {
      setProblem(describeSettingsProblems(checked.error));
      return;
    }
    setSaving(true);
    try {
      await saveSettings(checked.data);
    } catch (err) {
      setProblem(`Tandem could not save the settings: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="settings"
      aria-label="Settings"
      onCancel={(event) => {
        event.preventDefault();
        closeSettings();
      }}
    >
      {open && (
        <form className="settings__form" onSubmit={(event) => void submit(event)}>
          <h2 className="settings__title">Settings</h2>
          {reason && (
            <p className="settings__reason" role="alert">
              {reason}
            </p>
          )}

          <div className="field">
            <label htmlFor="settings-api-key">API key</label>
            <input
              id="settings-api-key"
              className="text-field"
              type="password"
              autoComplete="off"
              spellCheck={false}
              placeholder={settings?.has_api_key ? 'Enter a new key to replace it' : 'sk-…'}
              value={apiKey}
              autoFocus={Boolean(reason) || !settings?.has_api_key}
              onChange={(event) => setApiKey(event.target.value)}
            />
            <p className="field__help">{keyStatus(settings)}</p>
            {settings?.api_key_source === 'settings' && (
              <label className="checkbox">
                <input type="checkbox" checked={removeKey} onChange={(event) => setRemoveKey(event.target.checked)} />
                Remove the saved key
              </label>
            )}
          </div>

          <div className="field">
            <label htmlFor="settings-base-url">Base URL</label>
            <input
              id="settings-base-url"
              className="text-field"
              type="text"
              inputMode="url"
              spellCheck={false}
              placeholder="https://api.openai.com/v1"
              value={baseUrl}
              readOnly={Boolean(fixed.base_url)}
              aria-describedby={fixed.base_url ? 'settings-base-url-fixed' : undefined}
              onChange={(event) => setBaseUrl(event.target.value)}
            />
            <FixedNote id="settings-base-url-fixed" fixed={fixed.base_url} />
            <p className="field__help">Leave empty for OpenAI. Any server that speaks the Responses API works.</p>
            <div className="settings__test">
              <button type="button" className="button button--small" disabled={test.busy} onClick={() => void runTest()}>
                {test.busy ? 'Testing…' : 'Test connection'}
              </button>
              {test.result && (
                <p
                  className={`settings__test-result settings__test-result--${test.result.outcome === 'reachable' ? 'reachable' : 'problem'}`}
                  role="status"
                  aria-label="Connection test"
                >
                  {test.result.message}
                </p>
              )}
              {test.problem && (
                <p className="settings__test-result settings__test-result--problem" role="status" aria-label="Connection test">
                  {test.problem}
                </p>
              )}
            </div>
          </div>

          <div className="field">
            <label htmlFor="settings-model">Model</label>
            <input
              id="settings-model"
              className="text-field"
              type="text"
              spellCheck={false}
              value={model}
              readOnly={Boolean(fixed.model)}
              aria-describedby={fixed.model ? 'settings-model-fixed' : undefined}
              onChange={(event) => setModel(event.target.value)}
            />
            <FixedNote id="settings-model-fixed" fixed={fixed.model} />
          </div>

          <div className="field">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={serverState}
                aria-describedby="settings-server-state-help"
                onChange={(event) => setServerState(event.target.checked)}
              />
              Keep the conversation on the server
            </label>
            <p className="field__help" id="settings-server-state-help">
              Sends only what is new with each request, which helps on slow or metered links; the provider then keeps the conversation, which zero-data-retention
              accounts do not allow.
            </p>
          </div>

          <div className="field">
            <label htmlFor="settings-theme">Appearance</label>
            <select id="settings-theme" className="select" value={theme} onChange={(event) => setTheme(event.target.value as Theme)}>
              <option value="system">Follow the system</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </div>

          <div className="field">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={notifications}
                aria-describedby="settings-notifications-help"
                onChange={(event) => setNotifications(event.target.checked)}
              />
              Tell me when a session needs me
            </label>
            <p className="field__help" id="settings-notifications-help">
              A notification when an approval waits or the agent finishes while you look elsewhere, and the count of waiting sessions on the app&rsquo;s icon.
            </p>
            {notifications && <NotificationPermission />}
          </div>

          <fieldset className="field presets">
            <legend>Approval</legend>
            <FixedNote id="settings-preset-fixed" fixed={fixed.approval_preset} />
            {presetChoices.map((choice) => (
              <label key={choice.preset} className={preset === choice.preset ? 'preset preset--chosen' : 'preset'}>
                {/* Named by its label alone, so "Ask" does not also match the descriptions' words. */}
                <input
                  type="radio"
                  name="approval-preset"
                  value={choice.preset}
                  checked={preset === choice.preset}
                  disabled={Boolean(fixed.approval_preset)}
                  aria-labelledby={`preset-${choice.preset}-label`}
                  aria-describedby={`preset-${choice.preset}-description`}
                  onChange={() => setPreset(choice.preset)}
                />
                <span className="preset__label" id={`preset-${choice.preset}-label`}>
                  {choice.label}
                </span>
                <span className="preset__description" id={`preset-${choice.preset}-description`}>
                  {choice.description}
                </span>
              </label>
            ))}
          </fieldset>

          <fieldset className="field privacy">
            <legend>Sandbox privacy</legend>
            <ListField
              id="settings-hidden-paths"
              label="More places to hide"
              rows={3}
              placeholder={'~/work/client-keys\n/srv/backups'}
              value={hiddenPaths}
              onChange={setHiddenPaths}
              help="Commands can't read these, even inside the project's sandbox. One folder or file a line, starting with / or ~/."
            />
            {settings && settings.builtin_hidden_paths.length > 0 && (
              <details className="privacy__builtin">
                <summary>Always hidden ({settings.builtin_hidden_paths.length} places)</summary>
                <ul className="privacy__builtin-list" aria-label="Always hidden from commands">
                  {settings.builtin_hidden_paths.map((place) => (
                    <li key={place}>
                      <code>{place}</code>
                    </li>
                  ))}
                </ul>
              </details>
            )}
            <ListField
              id="settings-env-passthrough"
              label="Variables to pass through"
              rows={2}
              placeholder="GITHUB_TOKEN"
              value={envPassthrough}
              onChange={setEnvPassthrough}
              help="Variables whose names contain KEY, SECRET, TOKEN, PASSWORD or CREDENTIAL are kept from commands; name any a command needs, one a line."
            />
          </fieldset>

          {problem && (
            <p className="settings__problem" role="alert">
              {problem}
            </p>
          )}

          <div className="settings__actions">
            <button type="button" className="button" onClick={closeSettings}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={saving}>
              Save
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

/** Why a value cannot be changed here (a flag of this run fixes it); nothing when it can. */
function FixedNote({ id, fixed }: { id: string; fixed: FixedSetting | undefined }) {
  if (!fixed) return null;
  return (
    <p className="field__fixed" id={id}>
      {fixed.reason}
    </p>
  );
}

/** A list typed one entry a line (paths, variable names), with its help as the description. */
function ListField(props: { id: string; label: string; rows: number; placeholder: string; value: string; onChange(value: string): void; help: string }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        className="text-field privacy__list"
        rows={props.rows}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        placeholder={props.placeholder}
        aria-describedby={`${props.id}-help`}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <p className="field__help" id={`${props.id}-help`}>
        {props.help}
      </p>
    </div>
  );
}
