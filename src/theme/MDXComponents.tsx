import MDXComponents from '@theme-original/MDXComponents';
import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';
import { Step, StepByStep, StepCode, StepText } from '@site/src/components/Steps';
import { CardLink } from '@site/src/components/CardLink';
import { CardLinkGrid } from '@site/src/components/CardLinkGrid';
import { QuickstartLinks } from '@site/src/components/QuickstartLinks';
import { InstallCardLink } from '@site/src/components/InstallCardLink';
import { Check } from '@site/src/components/Check';
import { DocsList } from '@site/src/components/DocsList';
import { CppModuleVersionNotice } from '@site/src/components/CppModuleVersionNotice';

// Registered globally so pages may use them with or without an import line,
// as pages written for the upstream site do.
export default {
  ...MDXComponents,
  Tabs,
  TabItem,
  StepByStep,
  Step,
  StepText,
  StepCode,
  CardLink,
  CardLinkGrid,
  QuickstartLinks,
  InstallCardLink,
  Check,
  DocsList,
  CppModuleVersionNotice,
};
