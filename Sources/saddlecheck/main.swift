import Foundation
import SaddleCheckCommand

let status = SaddleCheckCommand.run(
  arguments: Array(CommandLine.arguments.dropFirst()),
  environment: ProcessInfo.processInfo.environment,
  output: { print($0) },
  diagnostics: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
exit(status)
