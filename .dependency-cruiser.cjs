/**
 * The layout's import rules (docs/architecture.md "Layout"), checked by `npm run lint:deps` inside `npm test`:
 * no import circles in src/, no import from a lower layer to a higher one, and the simulator kept apart.
 * Layers, lowest first; a module may import its own layer and the ones below it.
 */
const LAYERS = [
  ['observability', '^src/observability/'],
  ['upstream', '^src/upstream/'],
  ['cache', '^src/cache/'],
  ['loaders', '^src/loaders/'],
  ['graph', '^src/graph/'],
  ['callers', '^src/callers/'],
  ['http', '^src/http/'],
  ['plugins', '^src/plugins/'],
  ['server', '^src/server\\.ts$'],
  ['app', '^src/(app|print-schema)\\.ts$'],
  ['config', '^src/config/'],
  ['main', '^src/main\\.ts$'],
];

const upward = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `no-upward-from-${name}`,
  comment: `${name} may import only itself and the layers below it`,
  severity: 'error',
  from: { path },
  to: { path: LAYERS.slice(i + 1).map(([, p]) => p) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import circle ties modules that should be apart: split the shared part out',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...upward,
    {
      name: 'simulator-apart',
      comment: 'the simulator is a separate program: it imports nothing of the gateway',
      severity: 'error',
      from: { path: '^src/simulator/' },
      to: { path: '^src/', pathNot: '^src/simulator/' },
    },
    {
      name: 'gateway-without-simulator',
      comment: 'only main.ts starts the simulator, as the default upstream',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/simulator/', '^src/main\\.ts$'] },
      to: { path: '^src/simulator/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
