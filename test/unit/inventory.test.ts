import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandAnsibleRange, InventoryError, inventoryHosts, parseAnsibleInventoryJson, parseIniInventory, parseYamlInventory } from '../../src/core/inventory.js';

const INI = `
mail.example.com

[web]
web[01:03] ansible_port=2222
web9 ansible_host=10.0.0.9 ansible_user=deploy

[db]
db1 ansible_host=10.0.1.1

[prod:children]
web
db

[web:vars]
ansible_user=admin
`;

const YAML = `
all:
  hosts:
    mail.example.com:
  children:
    prod:
      children:
        web:
          hosts:
            web[01:03]:
              ansible_port: 2222
            web9:
              ansible_host: 10.0.0.9
              ansible_user: deploy
          vars:
            ansible_user: admin
        db:
          hosts:
            db1:
              ansible_host: 10.0.1.1
`;

// What ansible-inventory --list prints for the same inventory (group vars merged into hostvars).
const JSON_LIST = JSON.stringify({
  _meta: {
    hostvars: {
      web01: { ansible_port: 2222, ansible_user: 'admin' },
      web02: { ansible_port: 2222, ansible_user: 'admin' },
      web03: { ansible_port: 2222, ansible_user: 'admin' },
      web9: { ansible_host: '10.0.0.9', ansible_user: 'deploy' },
      db1: { ansible_host: '10.0.1.1' },
    },
  },
  all: { children: ['ungrouped', 'prod'] },
  ungrouped: { hosts: ['mail.example.com'] },
  prod: { children: ['web', 'db'] },
  web: { hosts: ['web01', 'web02', 'web03', 'web9'] },
  db: { hosts: ['db1'] },
});

const WANT = [
  ['mail.example.com', 'mail.example.com'],
  ['web01', 'admin@web01:2222'],
  ['web02', 'admin@web02:2222'],
  ['web03', 'admin@web03:2222'],
  ['web9', 'deploy@10.0.0.9'],
  ['db1', '10.0.1.1'],
];
const hosts = (h: ReturnType<typeof inventoryHosts>) => h.map((x) => [x.name, x.destination]).sort();

test('INI, YAML and ansible-inventory --list give the same hosts and destinations', () => {
  assert.deepEqual(hosts(inventoryHosts(parseIniInventory(INI))), [...WANT].sort());
  assert.deepEqual(hosts(inventoryHosts(parseYamlInventory(YAML))), [...WANT].sort());
  assert.deepEqual(hosts(inventoryHosts(parseAnsibleInventoryJson(JSON_LIST))), [...WANT].sort());
});

test("--limit takes Ansible's patterns: groups, globs, &, !", () => {
  for (const inv of [parseIniInventory(INI), parseYamlInventory(YAML), parseAnsibleInventoryJson(JSON_LIST)]) {
    assert.deepEqual(inventoryHosts(inv, 'db').map((h) => h.name), ['db1']);
    assert.deepEqual(inventoryHosts(inv, 'web0*').map((h) => h.name).sort(), ['web01', 'web02', 'web03']);
    assert.deepEqual(inventoryHosts(inv, 'prod:!web9').map((h) => h.name).sort(), ['db1', 'web01', 'web02', 'web03']);
    assert.deepEqual(inventoryHosts(inv, 'prod:&web').map((h) => h.name).sort(), ['web01', 'web02', 'web03', 'web9']);
  }
});

test('Ansible ranges and mistakes in words', () => {
  assert.deepEqual(expandAnsibleRange('db-[a:c].x'), ['db-a.x', 'db-b.x', 'db-c.x']);
  assert.deepEqual(expandAnsibleRange('n[1:5:2]'), ['n1', 'n3', 'n5']);
  assert.throws(() => parseIniInventory('[web\nweb1\n'), (e: Error) => e instanceof InventoryError && /line 2|line 1/.test(e.message));
  assert.throws(() => parseYamlInventory('all: [\n'), (e: Error) => e instanceof InventoryError && /not valid YAML/.test(e.message));
});
