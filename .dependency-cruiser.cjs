/**
 * Import rules, checked by `npm run lint` (dependency-cruiser): layers point down and no
 * import closes a cycle.
 *
 * Data flows sources -> ais -> ingest -> store -> detect -> (screen, ledger) -> serve, with
 * cli on top and model, geo, util and profile (the region profiles' loader) below
 * everything. A folder may import its own layer's folder and the layers below it, never one
 * above or a sibling. Two places where the import graph differs from the data flow:
 * - ingest writes into the store, so it imports the store's batch and writer: in the
 *   import graph the store sits below ingest, and ingest and detect are siblings above it.
 * - bus (NATS: ingest --bus, darkfleet worker) drives ingest's decoder, the store's writer
 *   and the detectors, so it sits above them, beside screen and ledger.
 * - sim and eval are tools beside cli: cli runs them, they never import each other (the
 *   truth file they share is model/truth.ts) nor cli. report formats counts for cli.
 * A folder in src/ that no layer names is refused: place it here first.
 */

/** Lowest first; folders in one entry are siblings (only the base may import its own). */
const LAYERS = [
  ["model", "geo", "util", "profile"],
  ["sources"],
  ["ais"],
  ["store"],
  ["ingest", "detect"],
  ["screen", "ledger", "bus"],
  ["serve", "report", "risk", "web"],
  ["sim", "eval"],
  ["cli"],
];

/**
 * Imports that break a layer rule and are being removed by work in flight; each is named,
 * and goes when that work lands. Paths are relative to the repository root.
 */
const EXCEPTIONS = [];

const rank = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i])));

function layerRule(folder) {
  const r = rank.get(folder);
  const allowed = [...rank].filter(([f, i]) => i < r || f === folder || (r === 0 && i === 0)).map(([f]) => f);
  const excepted = EXCEPTIONS.filter((e) => e.from.startsWith(`^src/${folder}/`));
  return {
    name: `layer-${folder}`,
    comment: `src/${folder} may import only ${allowed.map((f) => `src/${f}`).join(", ")} (see LAYERS)`,
    severity: "error",
    from: { path: `^src/${folder}/`, ...(excepted.length > 0 && { pathNot: excepted.map((e) => e.from) }) },
    to: { path: "^src/", pathNot: `^src/(${allowed.join("|")})/` },
  };
}

/** An excepted file keeps every rule but the one import it is excepted for. */
function exceptionRules() {
  return EXCEPTIONS.map((e) => {
    const base = layerRule(e.from.split("/")[1]);
    return {
      ...base,
      name: `${base.name}-excepted`,
      from: { path: e.from },
      to: { ...base.to, pathNot: [base.to.pathNot, e.to] },
    };
  });
}

module.exports = {
  forbidden: [
    ...[...rank.keys()].map(layerRule),
    ...exceptionRules(),
    {
      name: "no-circular",
      comment: "an import that closes a cycle: the modules cannot be understood (or layered) apart",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "src-folder-without-layer",
      comment: "every folder of src belongs to a layer: add it to LAYERS in .dependency-cruiser.cjs",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^src/", pathNot: `^src/(${[...rank.keys()].join("|")})/` },
    },
    {
      name: "cli-commands-apart",
      comment:
        "src/cli/*.ts are the commands (main.ts registers them); what several need goes in src/cli/shared",
      severity: "error",
      from: { path: "^src/cli/[^/]+\\.ts$", pathNot: "^src/cli/main\\.ts$" },
      to: { path: "^src/cli/[^/]+\\.ts$" },
    },
    {
      name: "cli-shared-below-commands",
      comment: "src/cli/shared serves the commands and never imports one",
      severity: "error",
      from: { path: "^src/cli/shared/" },
      to: { path: "^src/cli/[^/]+\\.ts$" },
    },
    {
      name: "product-without-tools",
      comment: "the shipped src tree never imports the benchmarks, tests or scripts",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(bench|test|scripts)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
