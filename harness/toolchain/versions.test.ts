import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOOL_PINS, TOXIPROXY_IMAGE, toolBinDir, toolPath, toolsDir } from './versions.ts';

const script = readFileSync(new URL('../../scripts/setup-tools.sh', import.meta.url), 'utf8');

describe('pins', () => {
  it('match what scripts/setup-tools.sh installs', () => {
    expect(script).toContain(`TOXIPROXY_VERSION=${TOOL_PINS['toxiproxy-server'].version}\n`);
    expect(script).toContain(`VEGETA_VERSION=${TOOL_PINS.vegeta.version}\n`);
    expect(script).toContain(`"${TOOL_PINS['toxiproxy-server'].goPackage}@v$TOXIPROXY_VERSION"`);
    expect(script).toContain(`"${TOOL_PINS.vegeta.goPackage}@v$VEGETA_VERSION"`);
    expect(script).toContain('"-X github.com/Shopify/toxiproxy/v2.Version=$TOXIPROXY_VERSION"');
    expect(script).toContain('"-X main.Version=v$VEGETA_VERSION"');
    expect(script).toContain(`STRIPE_MOCK_VERSION=${TOOL_PINS['stripe-mock'].version}\n`);
    expect(script).toContain(`"${TOOL_PINS['stripe-mock'].goPackage}@v$STRIPE_MOCK_VERSION"`);
    expect(script).toContain('"-X main.version=$STRIPE_MOCK_VERSION"');
  });

  it('stamp the version into the binaries', () => {
    for (const pin of Object.values(TOOL_PINS)) expect(pin.ldflags).toContain(pin.version);
  });

  it('use the same Toxiproxy release for the container image', () => {
    expect(TOXIPROXY_IMAGE).toBe('ghcr.io/shopify/toxiproxy:2.12.0');
  });

  it('parse what the binaries print', () => {
    expect(TOOL_PINS['toxiproxy-server'].versionPattern.exec('toxiproxy-server version 2.12.0\n')?.[1]).toBe('2.12.0');
    expect(TOOL_PINS['toxiproxy-server'].versionPattern.exec('toxiproxy-server version git\n')).toBeNull();
    const vegeta = TOOL_PINS.vegeta.versionPattern;
    expect(vegeta.exec('Version: v12.13.0\nCommit: \nRuntime: go1.26.8 linux/amd64\nDate: \n')?.[1]).toBe('12.13.0');
    expect(vegeta.exec('Version: \nCommit: \nRuntime: go1.26.8 linux/amd64\nDate: \n')).toBeNull();
    const stripeMock = TOOL_PINS['stripe-mock'].versionPattern;
    expect(stripeMock.exec('stripe-mock 0.203.0\n')?.[1]).toBe('0.203.0');
    expect(stripeMock.exec('stripe-mock master\n')).toBeNull();
  });
});

describe('cache paths', () => {
  it('default to ~/.cache/gauntlet/tools', () => {
    expect(toolsDir({ HOME: '/home/ana' })).toBe('/home/ana/.cache/gauntlet/tools');
    expect(toolPath('vegeta', { HOME: '/home/ana' })).toBe('/home/ana/.cache/gauntlet/tools/bin/vegeta');
  });

  it('honour GAUNTLET_TOOLS_DIR', () => {
    const env = { HOME: '/home/ana', GAUNTLET_TOOLS_DIR: '/opt/gt' };
    expect(toolsDir(env)).toBe('/opt/gt');
    expect(toolBinDir(env)).toBe(join('/opt/gt', 'bin'));
    expect(toolPath('toxiproxy-server', env)).toBe('/opt/gt/bin/toxiproxy-server');
  });

  it('stay outside the repository by default', () => {
    const repo = new URL('../..', import.meta.url).pathname;
    expect(toolsDir({ HOME: process.env.HOME })).not.toContain(repo);
  });
});
