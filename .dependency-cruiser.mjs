/**
 * The direction of dependencies between the workspace's packages, checked by `pnpm lint`
 * (`pnpm lint:deps`). Each package imports only packages below it, as its README says:
 *
 *     domain   nothing of ours           sync   nothing of ours (the app wires it through hooks)
 *     board    domain                    api    domain, board, db
 *     db       domain
 *     apps     any package, never another app; the web app no db, sync (but its close
 *              codes) or Node built-ins, and only types from api
 *
 * No package imports an app. Paths are the resolved files, so `@pauta/db`, `@pauta/db/…`
 * and a relative `../../db/src/…` are the same import; type-only imports count too.
 */

/**
 * Matches the workspace's `names` as imported: the resolved file under `dir` (packages/db/…),
 * or the bare name (@pauta/db) when it does not resolve, because the importer does not
 * declare the dependency: a rule must not wait for package.json to be changed too.
 */
function workspace(dir, names) {
  const group = names.join('|')
  return `^(${dir}(${group})/|@pauta/(${group})(/|$))`
}

const PACKAGES = ['domain', 'board', 'sync', 'db', 'api']
const APPS = ['server', 'web', 'e2e', 'bench']

/** A package under packages/ that imports one of ours outside `allowed` (itself included). */
function onlyImports(pkg, allowed, comment) {
  return {
    name: `${pkg}-imports-only-${allowed.length === 0 ? 'itself' : allowed.join('-')}`,
    comment,
    severity: 'error',
    from: { path: `^packages/${pkg}/` },
    to: {
      path: workspace('packages/', PACKAGES),
      pathNot: workspace('packages/', [pkg, ...allowed]),
    },
  }
}

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'package-imports-an-app',
      comment: 'Packages are the layers apps are built from: none imports an app, e2e or bench.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: `^(apps/|e2e/|bench/|@pauta/(${APPS.join('|')})(/|$))` },
    },
    onlyImports('domain', [], 'The domain is the bottom layer: no workspace package.'),
    onlyImports('board', ['domain'], 'The board document builds on the domain alone.'),
    onlyImports(
      'sync',
      [],
      'The sync core knows nothing of Pauta: the app wires it in through hooks.',
    ),
    onlyImports(
      'db',
      ['domain'],
      'Storage builds on the domain; documents are opaque bytes to it.',
    ),
    onlyImports('api', ['domain', 'board', 'db'], 'The API reads and writes through the db.'),
    {
      name: 'app-imports-another-app',
      comment: 'Apps share code through packages, never by importing each other.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: workspace('apps/', ['server', 'web']), pathNot: workspace('apps/', ['$1']) },
    },
    {
      name: 'web-imports-server-only-code',
      comment:
        'The web app runs in browsers: no @pauta/db or @pauta/sync (Node-only) but the close codes (@pauta/sync/close-codes, no imports), and @pauta/api only for its types (the AppRouter).',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: {
        path: workspace('packages/', ['db', 'sync']),
        pathNot: '^packages/sync/src/close-codes\\.ts$',
      },
    },
    {
      name: 'web-imports-api-code',
      comment: 'The web app takes only types from @pauta/api: its code runs on the server.',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: workspace('packages/', ['api']), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-imports-node-builtins',
      comment: 'The web app runs in browsers: no Node built-in modules in its sources.',
      severity: 'error',
      from: { path: '^apps/web/src/' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|data|\\.turbo)/' },
    // Type-only imports are dependencies too (a layer may not even borrow a type from above).
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'],
    },
  },
}
