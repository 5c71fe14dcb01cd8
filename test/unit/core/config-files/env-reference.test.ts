import assert from 'node:assert/strict';
import {
  detectConfigFormat,
  environmentNameForKey,
  environmentReference,
  environmentReferenceEdit,
  noReferenceReason,
  referenceIdiom,
  secretRemovalEdit,
  type ReferenceIdiom,
} from '../../../../src/core/config-files';

const token = `SLS-${'a'.repeat(30)}`;
const idiomOf = (path: string, text = '') => referenceIdiom(path, detectConfigFormat(path), text);

describe('config files: which environment reference a file takes, by what the file is', () => {
  const kinds: Array<[string, string, ReferenceIdiom | undefined, string?]> = [
    ['.env file', '/w/deploy/.env', 'shell'],
    ['.env.production', '/w/.env.production', 'shell'],
    ['shell script', '/w/scripts/run.sh', 'shell'],
    ['Compose: compose.yaml', '/w/compose.yaml', 'compose'],
    ['Compose: compose.yml', '/w/compose.yml', 'compose'],
    ['Compose: docker-compose.yml', '/w/docker-compose.yml', 'compose'],
    ['Compose: docker-compose.override.yml', '/w/docker-compose.override.yml', 'compose'],
    ['Compose: docker-compose.prod.yaml', '/w/docker-compose.prod.yaml', 'compose'],
    ['Compose: compose.override.yaml', '/w/compose.override.yaml', 'compose'],
    ['GitHub Actions workflow', '/w/.github/workflows/ci.yml', 'githubActions'],
    ['GitHub Actions workflow (.yaml)', 'C:\\w\\.github\\workflows\\release.yaml', 'githubActions'],
    ['Ansible: group_vars', '/w/group_vars/all.yml', 'ansible'],
    ['Ansible: host_vars', '/w/inventory/host_vars/web1.yaml', 'ansible'],
    ['Ansible: a role', '/w/roles/sls/tasks/main.yml', 'ansible'],
    ['Ansible: playbooks folder', '/w/playbooks/deploy.yml', 'ansible'],
    ['Ansible: playbook.yml', '/w/playbook.yml', 'ansible'],
    ['Ansible: site.yml', '/w/site.yml', 'ansible'],
    [
      'Ansible: a play by its markers',
      '/w/deploy.yml',
      'ansible',
      '- name: Install SLS\n  hosts: linux\n  tasks:\n    - name: x\n',
    ],
    ['Ansible: a module by its marker', '/w/install.yml', 'ansible', '- ansible.builtin.copy:\n    src: a\n'],
    ['Ansible: a connection variable', '/w/vars.yml', 'ansible', 'ansible_user: root\nsls_token: x\n'],
    ['VS Code launch.json', '/w/.vscode/launch.json', 'vscodeVariables'],
    ['VS Code tasks.json', 'C:\\w\\.vscode\\tasks.json', 'vscodeVariables'],
    ['plain YAML', '/w/config/vars.yaml', undefined, 'sls_token: x\nhosts: a\n'],
    ['a workflow-like name outside .github', '/w/workflows/ci.yml', undefined],
    ['a Kubernetes manifest', '/w/k8s/deployment.yaml', undefined, 'apiVersion: apps/v1\nkind: Deployment\n'],
    ['other JSON', '/w/config/settings.json', undefined],
    ['VS Code settings.json (no ${env:} there)', '/w/.vscode/settings.json', undefined],
    ['tasks.json outside .vscode', '/w/tasks.json', undefined],
    ['an unknown file', '/w/notes.txt', undefined],
  ];
  for (const [name, path, expected, text] of kinds) {
    it(`${name}: ${expected ?? 'none'}`, () => assert.equal(idiomOf(path, text), expected));
  }

  it('says why a file gets none', () => {
    assert.match(noReferenceReason('yaml'), /plain YAML.*Compose, Ansible and GitHub Actions/);
    assert.match(noReferenceReason('json'), /launch\.json and tasks\.json/);
    assert.match(noReferenceReason(undefined), /nothing that reads this file/);
  });
});

describe('config files: the reference in each idiom', () => {
  const references: Array<[ReferenceIdiom, string]> = [
    ['shell', '${SOPHOS_SLS_TOKEN}'],
    ['compose', '${SOPHOS_SLS_TOKEN}'],
    ['githubActions', '${{ secrets.SOPHOS_SLS_TOKEN }}'],
    ['ansible', `"{{ lookup('env', 'SOPHOS_SLS_TOKEN') }}"`],
    ['vscodeVariables', '"${env:SOPHOS_SLS_TOKEN}"'],
  ];
  for (const [idiom, expected] of references) {
    it(`${idiom}: ${expected}`, () => assert.equal(environmentReference(idiom, 'SOPHOS_SLS_TOKEN'), expected));
  }

  const edits: Array<[string, ReferenceIdiom, string, string]> = [
    ['env, unquoted', 'shell', `K=${token}\n`, 'K=${SOPHOS_SLS_TOKEN}\n'],
    ['env, single-quoted (which would not expand)', 'shell', `K='${token}'\n`, 'K="${SOPHOS_SLS_TOKEN}"\n'],
    ['env, double-quoted', 'shell', `K="${token}"\n`, 'K="${SOPHOS_SLS_TOKEN}"\n'],
    ['shell, single-quoted', 'shell', `export K='${token}'\n`, 'export K="${SOPHOS_SLS_TOKEN}"\n'],
    [
      'Compose, plain',
      'compose',
      `    environment:\n      SLS_TOKEN: ${token}\n`,
      '    environment:\n      SLS_TOKEN: ${SOPHOS_SLS_TOKEN}\n',
    ],
    ['Compose, a list entry', 'compose', `      - SLS_TOKEN=${token}\n`, '      - SLS_TOKEN=${SOPHOS_SLS_TOKEN}\n'],
    [
      'Compose, single-quoted (Compose expands after YAML parsed it)',
      'compose',
      `  t: '${token}'\n`,
      `  t: '\${SOPHOS_SLS_TOKEN}'\n`,
    ],
    [
      'Actions, plain',
      'githubActions',
      `        env:\n          T: ${token}\n`,
      '        env:\n          T: ${{ secrets.SOPHOS_SLS_TOKEN }}\n',
    ],
    [
      'Actions, inside a run line',
      'githubActions',
      `        run: install --token ${token}\n`,
      '        run: install --token ${{ secrets.SOPHOS_SLS_TOKEN }}\n',
    ],
    ['Ansible, plain', 'ansible', `k: ${token} # c\n`, `k: "{{ lookup('env', 'SOPHOS_SLS_TOKEN') }}" # c\n`],
    ['Ansible, single-quoted', 'ansible', `k: '${token}'\n`, `k: "{{ lookup('env', 'SOPHOS_SLS_TOKEN') }}"\n`],
    ['Ansible, list item', 'ansible', `- ${token}\n`, `- "{{ lookup('env', 'SOPHOS_SLS_TOKEN') }}"\n`],
    [
      'Ansible, inside a longer string',
      'ansible',
      `url: https://x/?t=${token}\n`,
      `url: https://x/?t={{ lookup('env', 'SOPHOS_SLS_TOKEN') }}\n`,
    ],
    ['launch.json, a whole string', 'vscodeVariables', `{"k": "${token}"}`, '{"k": "${env:SOPHOS_SLS_TOKEN}"}'],
    [
      'tasks.json, inside a string',
      'vscodeVariables',
      `{"k": "Bearer ${token}"}`,
      '{"k": "Bearer ${env:SOPHOS_SLS_TOKEN}"}',
    ],
  ];
  for (const [name, idiom, text, expected] of edits) {
    it(`replaces the secret: ${name}`, () => {
      const start = text.indexOf(token);
      const edit = environmentReferenceEdit(text, start, start + token.length, idiom, 'SOPHOS_SLS_TOKEN');
      assert.equal(text.slice(0, edit.start) + edit.text + text.slice(edit.end), expected);
    });
  }

  const removals: Array<[string, string, string]> = [
    ['other JSON', `{"token": "${token}"}`, '{"token": ""}'],
    ['plain YAML, quoted', `token: '${token}'\n`, "token: ''\n"],
    ['plain YAML, plain', `token: ${token}\n`, 'token: \n'],
  ];
  for (const [name, text, expected] of removals) {
    it(`where no reference fits, removes the secret and keeps the file parseable: ${name}`, () => {
      const start = text.indexOf(token);
      const edit = secretRemovalEdit(start, start + token.length);
      assert.equal(text.slice(0, edit.start) + edit.text + text.slice(edit.end), expected);
    });
  }

  it('refuses a name that is not a variable name', () => {
    assert.throws(() => environmentReference('shell', 'A B'), /not a valid variable name/);
  });
});

describe('config files: the variable a found secret is referred to by', () => {
  const cases: Array<[key: string | undefined, name: string]> = [
    ['SOPHOS_CLIENT_SECRET', 'SOPHOS_CLIENT_SECRET'],
    ['MY_APP_CLIENT_SECRET', 'MY_APP_CLIENT_SECRET'],
    ['client_secret', 'SOPHOS_CLIENT_SECRET'],
    ['clientSecret', 'SOPHOS_CLIENT_SECRET'],
    ['sophos.clientSecret', 'SOPHOS_CLIENT_SECRET'],
    ['central-client-secret', 'SOPHOS_CENTRAL_CLIENT_SECRET'],
    ['$env:SOPHOS_CLIENT_SECRET', 'SOPHOS_CLIENT_SECRET'],
    ['$env:', 'FALLBACK'],
    ['...', 'FALLBACK'],
    [undefined, 'FALLBACK'],
  ];
  for (const [key, name] of cases)
    it(`${String(key)} → ${name}`, () => assert.equal(environmentNameForKey(key, 'FALLBACK'), name));
});
