import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../../platform/project-root.js';

// No Docker engine runs in the tests: these check the files' structure and that they agree with
// each other; the e2e test checks the metrics the dashboard queries exist.
const read = (path: string) => readFileSync(join(projectRoot, path), 'utf8');
type Service = { profiles?: string[]; healthcheck?: { test: string[] }; environment?: Record<string, string>; volumes?: string[] };
// `merge`: the services share their environment through a YAML merge key (`<<: *onramp`).
const compose = parse(read('docker-compose.yml'), { merge: true }) as { 'x-onramp': { environment: Record<string, string> }; services: Record<string, Service> };

describe('docker compose observability', () => {
  it('health-checks the API on /healthz and each worker on its /readyz, on the port the worker listens on', () => {
    expect(compose.services.api!.healthcheck!.test.join(' ')).toContain('/healthz');
    const worker = compose.services.worker!;
    expect(worker.healthcheck!.test.join(' ')).toContain("process.env.ONRAMP_WORKER_METRICS_PORT+'/readyz'");
    expect(worker.environment).toMatchObject({ ONRAMP_WORKER_METRICS_HOST: '0.0.0.0', ONRAMP_WORKER_METRICS_PORT: 9464 });
  });

  it('runs Prometheus and Grafana only in the observability profile, scraping the API and every worker', () => {
    for (const name of ['prometheus', 'grafana']) expect(compose.services[name]!.profiles).toEqual(['observability']);
    const prometheus = parse(read('ops/prometheus/prometheus.yml')) as {
      scrape_configs: { job_name: string; static_configs?: { targets: string[] }[]; dns_sd_configs?: { names: string[]; port: number }[] }[];
    };
    const jobs = Object.fromEntries(prometheus.scrape_configs.map((job) => [job.job_name, job]));
    expect(jobs['onramp-api']!.static_configs![0]!.targets).toEqual(['api:3000']);
    expect(jobs['onramp-worker']!.dns_sd_configs![0]).toMatchObject({ names: ['worker'], port: compose.services.worker!.environment!.ONRAMP_WORKER_METRICS_PORT });
  });

  it("provisions Grafana's datasource and the dashboard from files in the repo", () => {
    const mounts = compose.services.grafana!.volumes!.map((v) => v.split(':')[0]!);
    for (const mount of mounts.filter((m) => m.startsWith('./'))) expect(existsSync(join(projectRoot, mount)), mount).toBe(true);
    const datasource = parse(read('ops/grafana/provisioning/datasources/prometheus.yml')) as { datasources: { uid: string; url: string }[] };
    expect(datasource.datasources[0]).toMatchObject({ uid: 'onramp-prometheus', url: 'http://prometheus:9090' });
    const dashboard = JSON.parse(read('ops/grafana/dashboards/onramp.json')) as { panels: { datasource?: { uid: string } }[] };
    for (const panel of dashboard.panels.filter((p) => p.datasource)) expect(panel.datasource!.uid).toBe('onramp-prometheus');
  });
});
