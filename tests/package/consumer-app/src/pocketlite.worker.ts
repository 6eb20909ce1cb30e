// The worker that holds the replica: one line, as the README's quick start has it.
import 'pocketlite/worker';
