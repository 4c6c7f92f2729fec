import { TestWorkflowEnvironment } from '@temporalio/testing';
import { toolPaths } from '../../lib/paths';

// The provisioned binaries: @temporalio/testing would otherwise try to download them.
export const localEnv = (): Promise<TestWorkflowEnvironment> =>
  TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: toolPaths().temporal }, ip: '127.0.0.1' },
  });

export const timeSkippingEnv = (): Promise<TestWorkflowEnvironment> =>
  TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: toolPaths().temporalTestServer } },
  });
