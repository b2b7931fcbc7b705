// VS Code's extension host marks when it loads and activates each extension
// (`code/extHost/{will,did}{LoadExtensionCode,ActivateExtension}/<id>`) in a store on globalThis; the
// "Running Extensions" view is built from the same measurements. Reading them gives the extension's own
// cost, free of whatever else the host was busy with at that moment.

interface Mark {
  name: string;
  startTime: number;
}

interface MarkStore {
  getMarks(): Mark[];
}

export interface ActivationMarks {
  loadMs: number;
  activateMs: number;
}

/** The load and activate() durations VS Code marked for `extensionId`, when this host records them. */
export function activationMarks(extensionId: string): ActivationMarks | undefined {
  const store = (globalThis as { MonacoPerformanceMarks?: MarkStore }).MonacoPerformanceMarks;
  if (!store) return undefined;
  const at = new Map(store.getMarks().map((mark) => [mark.name, mark.startTime]));
  const span = (step: string): number | undefined => {
    const start = at.get(`code/extHost/will${step}/${extensionId}`);
    const end = at.get(`code/extHost/did${step}/${extensionId}`);
    return start === undefined || end === undefined ? undefined : end - start;
  };
  const loadMs = span('LoadExtensionCode');
  const activateMs = span('ActivateExtension');
  return loadMs === undefined || activateMs === undefined ? undefined : { loadMs, activateMs };
}
