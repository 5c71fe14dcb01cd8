// Takes the window's first activation by command, before the two extensions the e2e suite compares.
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('warmUp.run', () => 'warm'));
};
