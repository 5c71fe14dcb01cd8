// The activation-time reference: registers one command and does nothing else.
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('oneCommand.hello', () => 'hello'));
};
