/**
 * The package's version, for the User-Agent and the MCP server's name. A constant rather than a
 * read of package.json: nothing reads the package's own files at run time (bundles, edge
 * runtimes). test/package.test.ts fails when it differs from package.json's version.
 */
export const PACKAGE_VERSION = '0.1.0';
