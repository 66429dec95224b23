/*
 * isr: the launcher that makes SIGTERM a clean stop from the first instruction (docs/operations.md, "Stopping").
 *
 * The .NET runtime needs 50-250 ms to reach Main, and a SIGTERM in that time ends the process with 143 before any
 * code of isr can run. This program blocks SIGTERM, then replaces itself (execv) with the .NET host isr-host beside
 * it. The mask survives execv and is inherited by the runtime's threads, so a SIGTERM sent while the runtime starts
 * waits as pending; Main installs its handler and then unblocks SIGTERM on its thread, and the pending signal is
 * delivered to that handler: a clean stop, exit 0.
 *
 * Built by Launcher.targets with the system C compiler, statically, so it runs on glibc and musl images alike.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define HOST_NAME "isr-host"

int main(int argc, char **argv)
{
    sigset_t terminate;
    sigemptyset(&terminate);
    sigaddset(&terminate, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &terminate, NULL) != 0) {
        fprintf(stderr, "isr: cannot block SIGTERM: %s\n", strerror(errno));
        return 1;
    }

    char host[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", host, sizeof host - 1);
    if (length < 0) {
        fprintf(stderr, "isr: cannot find its own path (/proc/self/exe): %s\n", strerror(errno));
        return 1;
    }
    host[length] = '\0';
    char *slash = strrchr(host, '/');
    size_t directory = slash == NULL ? 0 : (size_t)(slash - host) + 1;
    if (directory + sizeof HOST_NAME > sizeof host) {
        fprintf(stderr, "isr: its path is too long: %s\n", host);
        return 1;
    }
    memcpy(host + directory, HOST_NAME, sizeof HOST_NAME);

    (void)argc;
    execv(host, argv);
    fprintf(stderr, "isr: cannot start %s: %s (reinstall isr: the launcher and isr-host belong together)\n", host,
            strerror(errno));
    return 1;
}
